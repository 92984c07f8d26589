// Package email reads one raw RFC 5322 message the way a mail client shows
// it: the sender, reply and authentication headers, the text the reader
// sees (HTML turned into text, hidden parts left out but measured), every
// link with the text shown for it, forms and attachments. It never fails
// on a malformed message: it keeps what it could read and lists what was
// wrong in Message.Problems.
//
// MIME structure, transfer encodings, RFC 2047 words and charsets are
// decoded by github.com/emersion/go-message (charsets through
// golang.org/x/text); HTML is read with golang.org/x/net/html.
package email

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	message "github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // every charset of golang.org/x/text
	"github.com/emersion/go-message/textproto"
)

// Limits that keep a hostile message from costing more than a normal one.
const (
	// MaxDepth is the deepest multipart nesting read; deeper parts are
	// skipped and reported.
	MaxDepth = 20
	// MaxParts is the most MIME parts read from one message.
	MaxParts = 500
	// MaxHeaderBytes caps one header block (the message's or a part's).
	MaxHeaderBytes = 256 << 10
	// MaxPartBytes caps the decoded bytes read from one text part.
	MaxPartBytes = 4 << 20
	// MaxLinks caps the links kept from one message.
	MaxLinks = 2000
)

// Address is a mailbox of a header: the display name and the address.
type Address struct {
	Name string `json:"name,omitempty"`
	Addr string `json:"address"`
}

// Host returns the lower-case domain part of the address, or "".
func (a *Address) Host() string {
	if a == nil {
		return ""
	}
	i := strings.LastIndexByte(a.Addr, '@')
	if i < 0 {
		return ""
	}
	return strings.ToLower(strings.Trim(a.Addr[i+1:], ".> "))
}

// LinkKind says where a link was found.
type LinkKind string

// The kinds of links.
const (
	// LinkAnchor is an <a href> (or <area href>) with visible text.
	LinkAnchor LinkKind = "anchor"
	// LinkImage is an <a href> whose only content is an image.
	LinkImage LinkKind = "image"
	// LinkForm is the action of a <form>.
	LinkForm LinkKind = "form"
)

// Link is one target of an HTML element with what the reader sees of it.
// Links written as plain text are found later in Message.Text.
type Link struct {
	Kind LinkKind `json:"kind"`
	// Href is the target as written in the message (entities decoded).
	Href string `json:"href"`
	// Text is the visible anchor text (for an image link, its alt text).
	Text string `json:"text,omitempty"`
}

// Form is an HTML form in the message.
type Form struct {
	Action string `json:"action"`
	// Password and Card report fields asking for a password or PIN, and
	// for a payment card number, expiry or security code.
	Password bool `json:"password,omitempty"`
	Card     bool `json:"card,omitempty"`
	// Fields are the names (or types) of the form's input fields.
	Fields []string `json:"fields,omitempty"`
}

// Attachment is a part the reader opens as a file.
type Attachment struct {
	Name string `json:"name"`
	Type string `json:"type"`
	// Size is the decoded size in bytes, when it was read.
	Size int64 `json:"size,omitempty"`
	// Inside lists the file names inside a ZIP attachment.
	Inside []string `json:"inside,omitempty"`
}

// AuthResult is one method result of an Authentication-Results header:
// "dmarc=fail header.from=example.com".
type AuthResult struct {
	// Method is spf, dkim, dmarc, arc ...; Result is pass, fail, softfail,
	// none, neutral, temperror, permerror.
	Method string `json:"method"`
	Result string `json:"result"`
	// Domain is the domain the result is about (header.from, header.d,
	// header.i, smtp.mailfrom), lower case, or "".
	Domain string `json:"domain,omitempty"`
	// Server is the authserv-id of the header that carried it.
	Server string `json:"server"`
	// ARC reports that it came from an ARC-Authentication-Results header.
	ARC bool `json:"arc,omitempty"`
}

// Message is a parsed email.
type Message struct {
	MessageID string    `json:"message_id,omitempty"`
	Subject   string    `json:"subject,omitempty"`
	From      *Address  `json:"from,omitempty"`
	Sender    *Address  `json:"sender,omitempty"`
	ReplyTo   []Address `json:"reply_to,omitempty"`
	To        []Address `json:"-"`
	// ReturnPath is the envelope sender (Return-Path), "" when absent.
	ReturnPath string `json:"return_path,omitempty"`
	// List names the mailing list the message came through (List-Id,
	// or the List-Post, Mailing-List, X-Mailing-List or X-BeenThere
	// header of older list servers), "" for direct mail.
	List string `json:"list,omitempty"`
	// Auth are the results of the trusted Authentication-Results header
	// (the top one, added by the receiving server).
	Auth []AuthResult `json:"auth,omitempty"`
	// Text is what the reader sees of the body: the HTML part turned into
	// text (or the plain-text part when there is no HTML).
	Text string `json:"-"`
	// HiddenChars counts the letters and digits of text in HTML elements
	// the reader does not see (display:none, zero font size, hidden ...); scripts and
	// styles are not counted.
	HiddenChars int `json:"hidden_chars,omitempty"`
	// Hidden is the start of that hidden text, for evidence.
	Hidden      string       `json:"-"`
	Links       []Link       `json:"-"`
	Forms       []Form       `json:"forms,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
	// Problems say what was malformed; the message was read as far as
	// possible.
	Problems []string `json:"problems,omitempty"`

	parts  int
	plain  []string
	html   []string
	hidden strings.Builder
}

// Parse reads a raw message. It returns an error only when not even a
// header block can be found; any other defect is listed in Problems.
func Parse(raw []byte) (*Message, error) {
	m := &Message{}
	hdr, body, err := readHeader(trimLead(raw))
	var cut errHeaderCut
	if errors.As(err, &cut) {
		m.note(err)
	} else if err != nil {
		return nil, err
	}
	m.headers(hdr)
	ent, err := message.New(message.Header{Header: hdr}, bytes.NewReader(body))
	if ent == nil {
		return nil, fmt.Errorf("read message body: %w", err)
	}
	m.note(err)
	m.walk(ent, 0)
	m.finish()
	return m, nil
}

// readHeader reads the top header block. A header that go-message refuses
// (over MaxHeaderBytes, a broken line) is read again leniently, so that a
// message with one bad header line still gets a verdict.
func readHeader(raw []byte) (textproto.Header, []byte, error) {
	end := headerEnd(raw)
	if end > MaxHeaderBytes {
		// Padding before From or Content-Type must not push them out of
		// reach: keep the fields the detectors read from the whole block,
		// then read at most MaxHeaderBytes of them, as far as the last
		// whole line. The body is still where it is.
		kept := usedFields(raw[:end])
		cut := len(kept)
		if cut > MaxHeaderBytes {
			cut = bytes.LastIndexByte(kept[:MaxHeaderBytes], '\n') + 1
		}
		h, ok := lenientHeader(kept[:cut])
		if !ok {
			return textproto.Header{}, nil, fmt.Errorf("header block of %d bytes is over the %d-byte limit and holds no field in its first %d bytes", end, MaxHeaderBytes, MaxHeaderBytes)
		}
		return h, raw[end:], errHeaderCut{size: end}
	}
	br := bytesReader(usedFields(raw[:end]))
	h, err := textproto.ReadHeader(br)
	if err == nil || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return h, raw[end:], nil
	}
	h, ok := lenientHeader(raw[:end])
	if !ok {
		return textproto.Header{}, nil, fmt.Errorf("read header: %w", err)
	}
	return h, raw[end:], nil
}

// errHeaderCut reports a header block over MaxHeaderBytes, read only in
// part.
type errHeaderCut struct{ size int }

func (e errHeaderCut) Error() string {
	return fmt.Sprintf("header block of %d bytes is over the %d-byte limit: only its first part was read", e.size, MaxHeaderBytes)
}

// note records a decoding problem.
func (m *Message) note(err error) {
	if err == nil {
		return
	}
	msg := err.Error()
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	for _, p := range m.Problems {
		if p == msg {
			return
		}
	}
	if len(m.Problems) < 20 {
		m.Problems = append(m.Problems, msg)
	}
}

// walk reads one entity and its parts.
func (m *Message) walk(ent *message.Entity, depth int) {
	m.parts++
	if m.parts > MaxParts {
		if m.parts == MaxParts+1 {
			m.note(fmt.Errorf("more than %d MIME parts: the rest was not read", MaxParts))
		}
		return
	}
	mediaType, params, cterr := ent.Header.ContentType()
	var mr message.MultipartReader
	if cterr != nil {
		// Read a broken Content-Type the way mail clients do: the type
		// before the first ";", the boundary wherever it is.
		ct := ent.Header.Get("Content-Type")
		mediaType, params = lenientContentType(ct)
		m.note(fmt.Errorf("malformed Content-Type %q", clip(ct, 80)))
		if strings.HasPrefix(mediaType, "multipart/") && params["boundary"] != "" {
			mr = partsOf(ent.Body, params["boundary"])
		}
	} else if params["boundary"] != "" {
		mr = ent.MultipartReader()
	}
	if mr == nil && strings.HasPrefix(mediaType, "multipart/") {
		m.note(errors.New("multipart part without a boundary: read as text"))
		m.leaf(ent, "text/plain", depth)
		return
	}
	if mr != nil {
		if depth >= MaxDepth {
			m.note(fmt.Errorf("MIME parts nested more than %d deep: the deeper parts were not read", MaxDepth))
			return
		}
		np, nh := len(m.plain), len(m.html)
		if mediaType == "multipart/alternative" {
			// Mail clients show one of the alternatives, the richest:
			// keep the plain text only when no HTML came with it.
			defer func() {
				if len(m.html) > nh && len(m.plain) > np {
					m.plain = m.plain[:np]
				}
			}()
		}
		for {
			p, err := mr.NextPart()
			if err != nil && p == nil {
				if !errors.Is(err, io.EOF) {
					m.note(fmt.Errorf("multipart %s: %v", mediaType, trimErr(err)))
				}
				return
			}
			// An unknown charset or transfer encoding still gives a part
			// to read as it is.
			m.note(err)
			m.walk(p, depth+1)
			if m.parts > MaxParts {
				return
			}
		}
	}
	if mediaType == "" {
		mediaType = "text/plain"
	}
	m.leaf(ent, mediaType, depth)
}

// trimErr drops the package prefixes of go-message errors.
func trimErr(err error) string {
	s := err.Error()
	for _, p := range []string{"multipart: ", "textproto: ", "message: "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// leaf reads a non-multipart part: text, HTML, or an attachment.
func (m *Message) leaf(ent *message.Entity, mediaType string, depth int) {
	disp, dparams, _ := ent.Header.ContentDisposition()
	_, ctparams, err := ent.Header.ContentType()
	if err != nil {
		_, ctparams = lenientContentType(ent.Header.Get("Content-Type"))
	}
	name := dparams["filename"]
	if name == "" {
		name = ctparams["name"]
	}
	isText := mediaType == "text/plain" || mediaType == "text/html" || mediaType == ""
	if disp == "attachment" || (name != "" && !(isText && disp == "inline")) || !isText && !strings.HasPrefix(mediaType, "multipart/") {
		if mediaType == "message/rfc822" && depth < MaxDepth {
			// A forwarded message, inline or attached (how people pass a
			// phish on): its text and links are read with the message's.
			m.forwarded(ent, name, depth)
			return
		}
		if name != "" || disp == "attachment" || riskyType(mediaType) {
			m.attachment(ent, name, mediaType)
		} else {
			_, _ = io.Copy(io.Discard, io.LimitReader(ent.Body, MaxPartBytes))
		}
		return
	}
	text, err := readPart(ent.Body)
	if err != nil {
		m.note(fmt.Errorf("%s part: %v", mediaType, trimErr(err)))
	}
	if mediaType == "text/html" {
		m.html = append(m.html, text)
	} else {
		m.plain = append(m.plain, text)
	}
}

// partBuffers are reused to decode parts: a mailbox decodes thousands.
var partBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// forwarded reads a message/rfc822 part: its header leniently, its parts
// as the message's own. An attached one is listed as an attachment too.
func (m *Message) forwarded(ent *message.Entity, name string, depth int) {
	var b bytes.Buffer
	if _, err := b.ReadFrom(io.LimitReader(ent.Body, MaxPartBytes)); err != nil {
		m.note(fmt.Errorf("forwarded message: %v", trimErr(err)))
	}
	if name != "" {
		m.Attachments = append(m.Attachments, Attachment{Name: clip(decodeText(name), 200), Type: "message/rfc822", Size: int64(b.Len())})
	}
	hdr, body, err := readHeader(trimLead(b.Bytes()))
	var cut errHeaderCut
	if err != nil && !errors.As(err, &cut) {
		m.note(fmt.Errorf("forwarded message: %v", err))
		m.plain = append(m.plain, b.String())
		return
	}
	m.note(err)
	inner, err := message.New(message.Header{Header: hdr}, bytes.NewReader(body))
	if inner == nil {
		m.note(fmt.Errorf("forwarded message: %v", err))
		return
	}
	m.note(err)
	m.walk(inner, depth+1)
}

// readPart reads at most MaxPartBytes of a decoded part, keeping what was
// decoded before an error (bad base64, a broken charset sequence).
func readPart(r io.Reader) (string, error) {
	b := partBuffers.Get().(*bytes.Buffer)
	defer func() {
		if b.Cap() <= 1<<20 {
			b.Reset()
			partBuffers.Put(b)
		}
	}()
	b.Reset()
	_, err := b.ReadFrom(io.LimitReader(r, MaxPartBytes))
	return b.String(), err
}

// finish builds the visible text from the parts read.
func (m *Message) finish() {
	// Every part the reader sees: the twins of multipart/alternative were
	// already dropped in walk.
	var text strings.Builder
	for _, h := range m.html {
		m.readHTML(h, &text)
		text.WriteString("\n")
	}
	for _, p := range m.plain {
		text.WriteString(p)
		text.WriteString("\n")
	}
	m.Text = strings.ToValidUTF8(text.String(), "\uFFFD")
	m.Hidden = clip(strings.Join(strings.Fields(m.hidden.String()), " "), 300)
	m.plain, m.html = nil, nil
	m.hidden.Reset()
}

// clip cuts s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// lenientContentType reads a Content-Type that mime.ParseMediaType
// refuses: the type before the first ";" and name=value parameters with
// quotes or without.
func lenientContentType(v string) (string, map[string]string) {
	params := map[string]string{}
	t, rest, _ := strings.Cut(v, ";")
	t = strings.ToLower(strings.TrimSpace(t))
	if !strings.Contains(t, "/") || strings.ContainsAny(t, " \t\"") {
		t = "text/plain"
	}
	for _, p := range strings.Split(rest, ";") {
		k, val, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		val = strings.TrimSpace(val)
		if strings.HasPrefix(val, `"`) {
			if j := strings.IndexByte(val[1:], '"'); j >= 0 {
				val = val[1 : j+1]
			} else {
				val = val[1:]
			}
		}
		if _, dup := params[k]; !dup && k != "" {
			params[k] = val
		}
	}
	if cs := params["charset"]; cs != "" {
		params["charset"] = strings.Trim(cs, `"' `)
	}
	return t, params
}

// partsOf reads the parts of a multipart body whose Content-Type
// go-message could not parse.
func partsOf(body io.Reader, boundary string) message.MultipartReader {
	return &lenientParts{r: textproto.NewMultipartReader(body, boundary)}
}

type lenientParts struct{ r *textproto.MultipartReader }

func (l *lenientParts) NextPart() (*message.Entity, error) {
	p, err := l.r.NextPart()
	if err != nil {
		return nil, err
	}
	return message.New(message.Header{Header: p.Header}, p)
}

func (l *lenientParts) Close() error { return nil }
