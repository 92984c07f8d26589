package email

import (
	"bufio"
	"bytes"
	"fmt"
	"mime"
	"net/mail"
	"strings"

	message "github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"
)

// headerEnd returns the offset where the body starts: after the first empty
// line, or len(raw) when there is none.
func headerEnd(raw []byte) int {
	for i := 0; i < len(raw); {
		j := bytes.IndexByte(raw[i:], '\n')
		if j < 0 {
			return len(raw)
		}
		line := raw[i : i+j]
		if len(line) == 0 || (len(line) == 1 && line[0] == '\r') {
			return i + j + 1
		}
		i += j + 1
	}
	return len(raw)
}

// usedFieldNames are the top header fields the message is read from.
// The others (Received, DKIM and ARC signatures, X-headers) are most of a
// real header block and are left out before parsing, which halves the
// cost of reading one.
var usedFieldNames = []string{"from", "sender", "reply-to", "to", "return-path", "subject", "message-id",
	"list-id", "list-post", "mailing-list", "x-mailing-list", "x-beenthere", "authentication-results",
	"arc-authentication-results", "content-type", "content-transfer-encoding", "content-disposition",
	"mime-version"}

// usedFields returns the lines of a header block that belong to the
// fields in usedFieldNames (continuation lines with their field), and
// every line that is not a field at all, so that a malformed block stays
// malformed. It returns b itself when it keeps everything.
func usedFields(b []byte) []byte {
	out := make([]byte, 0, len(b)/2)
	keep := true
	dropped := false
	for rest := b; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i+1], rest[i+1:]
		} else {
			rest = nil
		}
		if line[0] != ' ' && line[0] != '\t' {
			keep = true
			if k := bytes.IndexByte(line, ':'); k > 0 && k <= 40 && fieldNameBytes(line[:k]) {
				name := bytes.TrimRight(line[:k], " \t")
				keep = false
				for _, f := range usedFieldNames {
					if len(f) == len(name) && strings.EqualFold(f, string(name)) {
						keep = true
						break
					}
				}
			}
		}
		if keep {
			out = append(out, line...)
		} else {
			dropped = true
		}
	}
	if !dropped {
		return b
	}
	return out
}

// bytesReader wraps a header block for textproto.ReadHeader, adding the
// empty line that ends it when the message has no body.
func bytesReader(b []byte) *bufio.Reader {
	if !bytes.HasSuffix(b, []byte("\n\n")) && !bytes.HasSuffix(b, []byte("\r\n\r\n")) {
		b = append(append(make([]byte, 0, len(b)+2), b...), '\n', '\n')
	}
	return bufio.NewReader(bytes.NewReader(b))
}

// lenientHeader reads a header block line by line, skipping the lines that
// are not fields. ok is false when no field was found.
func lenientHeader(b []byte) (textproto.Header, bool) {
	var h textproto.Header
	var key string
	var val strings.Builder
	flush := func() {
		if key != "" {
			h.Add(key, strings.TrimSpace(val.String()))
		}
		key = ""
		val.Reset()
	}
	n := 0
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" {
			break
		}
		if (line[0] == ' ' || line[0] == '\t') && key != "" {
			val.WriteString(" ")
			val.WriteString(strings.TrimSpace(line))
			continue
		}
		flush()
		i := strings.IndexByte(line, ':')
		if i <= 0 || !fieldName(line[:i]) {
			continue
		}
		key, n = strings.TrimSpace(line[:i]), n+1
		val.WriteString(line[i+1:])
	}
	flush()
	return h, n > 0
}

// fieldName reports whether s is a header field name (RFC 5322 ftext).
func fieldName(s string) bool {
	s = strings.TrimRight(s, " \t")
	if s == "" || len(s) > 76 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' || s[i] == ':' {
			return false
		}
	}
	return true
}

// wordDecoder decodes RFC 2047 encoded words in any charset go-message
// knows.
var wordDecoder = &mime.WordDecoder{CharsetReader: message.CharsetReader}

// decodeText decodes the encoded words of an unstructured header; on error
// it keeps the raw value.
func decodeText(s string) string {
	if !strings.Contains(s, "=?") {
		return s
	}
	d, err := wordDecoder.DecodeHeader(s)
	if err != nil {
		return s
	}
	return d
}

// headers reads the fields the detectors use.
func (m *Message) headers(h textproto.Header) {
	m.Subject = strings.TrimSpace(decodeText(h.Get("Subject")))
	m.MessageID = strings.TrimSpace(h.Get("Message-Id"))
	if v := h.Get("From"); v != "" {
		if as := m.addresses("From", v); len(as) > 0 {
			m.From = &as[0]
		}
	} else {
		m.note(fmt.Errorf("no From header"))
	}
	if v := h.Get("Sender"); v != "" {
		if as := m.addresses("Sender", v); len(as) > 0 {
			m.Sender = &as[0]
		}
	}
	if v := h.Get("Reply-To"); v != "" {
		m.ReplyTo = m.addresses("Reply-To", v)
	}
	if v := h.Get("To"); v != "" {
		m.To = m.addresses("To", v)
	}
	if v := h.Get("Return-Path"); v != "" {
		rp := strings.Trim(strings.TrimSpace(v), "<>")
		if strings.Contains(rp, "@") {
			m.ReturnPath = rp
		}
	}
	for _, k := range []string{"List-Id", "List-Post", "Mailing-List", "X-Mailing-List", "X-Beenthere"} {
		if v := strings.TrimSpace(h.Get(k)); v != "" {
			m.List = clip(decodeText(v), 200)
			break
		}
	}
	m.Auth = authResults(h)
}

// addresses parses an address list, falling back to a lenient reading for
// the malformed lists real mail has ("Name" x@y, unquoted commas, bad
// encoded words).
func (m *Message) addresses(field, v string) []Address {
	p := mail.AddressParser{WordDecoder: wordDecoder}
	list, err := p.ParseList(v)
	if err == nil && len(list) > 0 {
		out := make([]Address, 0, len(list))
		for _, a := range list {
			out = append(out, Address{Name: cleanName(a.Name), Addr: a.Address})
		}
		return out
	}
	a, ok := lenientAddress(v)
	if !ok {
		if field != "From" && field != "Reply-To" {
			return nil
		}
		m.note(fmt.Errorf("%s header %q holds no address", field, clip(v, 80)))
		if field != "From" {
			return nil
		}
		// The reader still sees the name.
		name := v
		if i := strings.IndexByte(name, '<'); i >= 0 {
			name = name[:i]
		}
		if name = cleanName(name); name == "" {
			return nil
		}
		return []Address{{Name: name}}
	}
	a.Name = cleanName(a.Name)
	return []Address{a}
}

// cleanName decodes what mail clients decode in a display name even
// where RFC 2047 forbids it (encoded words inside quotes) and drops stray
// quotes.
func cleanName(s string) string {
	s = strings.Trim(strings.TrimSpace(s), `"' `)
	if strings.Contains(s, "=?") {
		s = decodeText(strings.ReplaceAll(s, `"`, ""))
	}
	return strings.Trim(strings.TrimSpace(s), `"' `)
}

// lenientAddress takes the last <...> with an @ as the address and the
// text before it as the name, or else the first word with an @.
func lenientAddress(v string) (Address, bool) {
	if i := strings.LastIndexByte(v, '<'); i >= 0 {
		if j := strings.IndexByte(v[i:], '>'); j > 0 && strings.Contains(v[i:i+j], "@") {
			name := strings.Trim(strings.TrimSpace(v[:i]), `"' `)
			return Address{Name: name, Addr: strings.TrimSpace(v[i+1 : i+j])}, true
		}
	}
	for _, w := range strings.Fields(v) {
		w = strings.Trim(w, `"'<>(),;`)
		if at := strings.IndexByte(w, '@'); at > 0 && at < len(w)-1 {
			name := strings.Trim(strings.TrimSpace(strings.Replace(v, w, "", 1)), `"'<>(),; `)
			return Address{Name: name, Addr: w}, true
		}
	}
	return Address{}, false
}
