package email

import (
	"bytes"
)

// sniffBytes is how much of an input Looks reads.
const sniffBytes = 64 << 10

// mailFields are header fields that only mail has; a header block needs
// one of them to be taken for a message.
var mailFields = map[string]bool{
	"from": true, "to": true, "subject": true, "date": true, "received": true, "message-id": true,
	"return-path": true, "delivered-to": true, "mime-version": true, "reply-to": true, "cc": true,
	"x-mailer": true, "dkim-signature": true, "authentication-results": true, "sender": true,
}

// Looks reports whether raw starts with an RFC 5322 header block: at least
// two header fields, one of them a mail field (From, Subject, Received
// ...), with no other line before the empty line that ends the block.
// A text that merely mentions "Subject:" in its first line is not mail.
func Looks(raw []byte) bool {
	raw = trimLead(raw)
	b := raw[:min(len(raw), sniffBytes)]
	fields, mailish, sender := 0, false, false
	for len(b) > 0 {
		line := b
		i := bytes.IndexByte(b, '\n')
		if i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			if len(raw) > sniffBytes {
				// The header block goes on past what was read: judge by the
				// fields seen so far and the start of the cut line.
				if k := bytes.IndexByte(line, ':'); k > 0 && fieldNameBytes(line[:k]) {
					fields++
				}
				break
			}
			b = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if fields == 0 {
				return false
			}
			continue
		}
		k := bytes.IndexByte(line, ':')
		if k <= 0 || !fieldNameBytes(line[:k]) || bytes.HasPrefix(line[k+1:], []byte("//")) {
			return false // not a field; "https://..." is a link, not a field named https
		}
		fields++
		if !mailish || !sender {
			var buf [32]byte
			key := bytes.TrimRight(line[:k], " \t")
			if len(key) <= len(buf) {
				for i, c := range key {
					if c >= 'A' && c <= 'Z' {
						c += 'a' - 'A'
					}
					buf[i] = c
				}
				name := string(buf[:len(key)])
				mailish = mailish || mailFields[name]
				sender = sender || senderFields[name]
			}
		}
	}
	return fields >= 2 && mailish && sender
}

// senderFields are the fields every real message has at least one of:
// a pasted text with a "Subject:" and a "Date:" line is not mail.
var senderFields = map[string]bool{
	"from": true, "received": true, "message-id": true, "return-path": true, "delivered-to": true,
	"sender": true, "dkim-signature": true, "authentication-results": true,
}

// trimLead drops a byte-order mark and the empty lines before a message
// (left by copy and paste).
func trimLead(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	for {
		switch {
		case bytes.HasPrefix(b, []byte("\r\n")):
			b = b[2:]
		case bytes.HasPrefix(b, []byte("\n")):
			b = b[1:]
		default:
			return b
		}
	}
}

// fieldNameBytes is fieldName on bytes, without allocating.
func fieldNameBytes(b []byte) bool {
	b = bytes.TrimRight(b, " \t")
	if len(b) == 0 || len(b) > 76 {
		return false
	}
	for _, c := range b {
		if c <= ' ' || c > '~' {
			return false
		}
	}
	return true
}

// IsMbox reports whether raw starts like an mbox file: a "From "
// separator line with a sender and a date ("From MAILER-DAEMON Thu Jan  1
// 00:00:00 2026"), whatever the first message looks like. A text that
// starts "From the desk of ..." has no time of day in its first line.
func IsMbox(raw []byte) bool {
	b := bytes.TrimPrefix(raw, []byte("\xEF\xBB\xBF"))
	if !bytes.HasPrefix(b, []byte("From ")) {
		return false
	}
	line := b
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		line = b[:i]
	}
	fs := bytes.Fields(line)
	if len(fs) < 4 || len(line) > 300 {
		return false
	}
	clock, year := false, false
	for _, f := range fs[2:] {
		switch {
		case len(f) >= 5 && f[2] == ':' && isDigits(f[:2]) && isDigits(f[3:5]):
			clock = true
		case len(f) == 4 && isDigits(f):
			year = true
		}
	}
	return clock && year
}

func isDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}
