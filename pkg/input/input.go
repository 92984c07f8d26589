// Package input reads what the user gives scamcheck to check: command-line
// text, standard input or files. It caps how much of each input is read,
// makes the text valid UTF-8, and says what was left out.
package input

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// MaxBytes is how much of one input is checked: 10 MiB. The rest is counted
// and reported as left out, never silently dropped.
const MaxBytes = 10 << 20

// ErrEmpty is returned for an input with nothing but white space in it.
var ErrEmpty = errors.New("input is empty: nothing to check")

// Item is one input, read.
type Item struct {
	// Name says where the input came from: "argument", "stdin" or a path.
	Name string
	// Text is the input as valid UTF-8 (invalid bytes replaced by U+FFFD),
	// at most MaxBytes of the original bytes.
	Text string
	// Raw are the bytes Text was made from, as read: a raw email is
	// parsed from them, charsets and all.
	Raw []byte
	// Checked and Total are the bytes used and the bytes the input had;
	// they differ when the input was cut at the limit.
	Checked, Total int64
	// Err is set when the input could not be read or is empty.
	Err error
}

// Truncated reports whether only part of the input is in Text.
func (it *Item) Truncated() bool { return it.Total > it.Checked }

// FromArgs joins command-line words into one input.
func FromArgs(args []string) Item {
	s := strings.Join(args, " ")
	return fromBytes("argument", []byte(s), int64(len(s)), nil, MaxBytes)
}

// FromReader reads one input from r, at most max bytes of it; the rest is
// read and counted so that the report can say how much was left out.
func FromReader(name string, r io.Reader, max int64) Item {
	buf, err := io.ReadAll(io.LimitReader(r, max+1))
	total := int64(len(buf))
	if err == nil && total > max {
		rest, cerr := io.Copy(io.Discard, r)
		total = int64(len(buf)) + rest
		err = cerr
		buf = buf[:max]
	}
	if err != nil {
		return Item{Name: name, Err: fmt.Errorf("read %s: %w", name, err)}
	}
	return fromBytes(name, buf, total, nil, max)
}

// FromFile reads one input from the file at path.
func FromFile(path string, max int64) Item {
	f, err := os.Open(path)
	if err != nil {
		return Item{Name: path, Err: fmt.Errorf("open %s: %w", path, unwrapPath(err))}
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return Item{Name: path, Err: fmt.Errorf("read %s: is a directory", path)}
	}
	return FromReader(path, f, max)
}

// unwrapPath drops the *PathError wrapper, whose text repeats the path.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// fromBytes makes the item: cut on a rune boundary, valid UTF-8, not empty.
func fromBytes(name string, b []byte, total int64, err error, max int64) Item {
	if err != nil {
		return Item{Name: name, Err: err}
	}
	if int64(len(b)) > max {
		b = b[:max]
	}
	checked := int64(len(b))
	if total > checked {
		// Do not split a multi-byte character at the cut.
		for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
			if utf8.RuneStart(b[len(b)-i]) {
				if !utf8.FullRune(b[len(b)-i:]) {
					b = b[:len(b)-i]
				}
				break
			}
		}
		checked = int64(len(b))
	}
	var s string
	if utf8.Valid(b) {
		s = string(b)
	} else {
		s = strings.ToValidUTF8(string(b), "\uFFFD")
	}
	if strings.TrimSpace(s) == "" {
		return Item{Name: name, Checked: checked, Total: total, Err: ErrEmpty}
	}
	return Item{Name: name, Text: s, Raw: b, Checked: checked, Total: total}
}

// FromBytes makes an item of bytes already read (a message of a mailbox):
// total is the size the input had before it was cut to b. Its Text is
// left empty, since a raw email is parsed from Raw; String gives the text.
func FromBytes(name string, b []byte, total int64) Item {
	total = max(total, int64(len(b)))
	if int64(len(b)) > MaxBytes {
		return fromBytes(name, b, total, nil, MaxBytes)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return Item{Name: name, Checked: int64(len(b)), Total: total, Err: ErrEmpty}
	}
	return Item{Name: name, Raw: b, Checked: int64(len(b)), Total: total}
}

// String returns the input as valid UTF-8 text: Text, or Raw converted
// when Text was not made (FromBytes).
func (it *Item) String() string {
	if it.Text != "" || it.Raw == nil {
		return it.Text
	}
	if utf8.Valid(it.Raw) {
		return string(it.Raw)
	}
	return strings.ToValidUTF8(string(it.Raw), "\uFFFD")
}
