package mailbox

import (
	"bytes"
	"fmt"
	"io"
)

// Writer writes messages as an mboxrd file: a "From " separator line
// before each, ">From " quoting of body lines that would read as one
// (Mbox undoes it), LF line ends, an empty line after each message.
type Writer struct {
	w io.Writer
	n int64
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Bytes returns how many bytes were written.
func (mw *Writer) Bytes() int64 { return mw.n }

// Write appends one raw message.
func (mw *Writer) Write(raw []byte) error {
	var b bytes.Buffer
	b.WriteString("From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n")
	for len(raw) > 0 {
		line := raw
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			line, raw = raw[:i], raw[i+1:]
		} else {
			raw = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if bytes.HasPrefix(bytes.TrimLeft(line, ">"), []byte("From ")) {
			b.WriteByte('>')
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	n, err := mw.w.Write(b.Bytes())
	mw.n += int64(n)
	if err != nil {
		return fmt.Errorf("write mbox: %w", err)
	}
	return nil
}
