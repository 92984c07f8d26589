// Package mailbox splits mail folders into messages: mbox files (mboxo and
// mboxrd, "From " separator lines) read as a stream, one message at a time,
// and Maildir or plain folders of message files. Every message comes out
// on its own, with its position, so that a broken message never hides the
// others; each is capped in size so that memory stays flat on any mailbox.
package mailbox

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Message is one message of a mailbox, read.
type Message struct {
	// Name is where the message is: "inbox.mbox#3" (its position in an
	// mbox, from 1) or the path of its file.
	Name string
	// Raw is the message, at most the cap given to the reader.
	Raw []byte
	// Total is the message's size in bytes; more than len(Raw) when it
	// was cut at the cap.
	Total int64
	// Err is set when the message could not be read.
	Err error
}

// maxLine is the reading buffer: a line longer than it is read in chunks,
// so memory stays bounded whatever the line's length.
const maxLine = 64 << 10

// Mbox reads the messages of an mbox stream in order. A message starts at
// a line beginning "From " that opens the stream or follows an empty line;
// ">From " lines are unescaped (mboxrd). Each message is capped at max
// bytes; a read error ends the sequence with a message that carries it.
func Mbox(name string, r io.Reader, max int64) iter.Seq[Message] {
	return func(yield func(Message) bool) {
		br := bufio.NewReaderSize(r, maxLine)
		var cur bytes.Buffer
		var total int64
		n := 0
		started := false
		prevEmpty := true
		emit := func() bool {
			if !started {
				return true
			}
			raw := bytes.Clone(cur.Bytes())
			cur.Reset()
			m := Message{Name: fmt.Sprintf("%s#%d", name, n), Raw: raw, Total: total}
			total = 0
			return yield(m)
		}
		atStart := true // the next chunk starts a line
		for {
			// A line longer than the buffer comes in chunks: only the
			// first can be a separator, and none is kept beyond the cap.
			line, err := br.ReadSlice('\n')
			whole := !errors.Is(err, bufio.ErrBufferFull)
			if !whole {
				err = nil
			}
			if len(line) > 0 {
				if atStart && prevEmpty && whole && bytes.HasPrefix(line, []byte("From ")) {
					if !emit() {
						return
					}
					started = true
					n++
					prevEmpty = false
					if err != nil {
						break
					}
					continue
				}
				if !started {
					// Text before the first separator: not an mbox
					// message; keep it as message 1.
					started, n = true, 1
				}
				body := line
				if atStart && body[0] == '>' && bytes.HasPrefix(bytes.TrimLeft(body, ">"), []byte("From ")) {
					body = body[1:]
				}
				total += int64(len(body))
				if room := max - int64(cur.Len()); room > 0 {
					cur.Write(body[:min(int64(len(body)), room)])
				}
				if whole {
					prevEmpty = atStart && len(bytes.TrimRight(line, "\r\n")) == 0
				} else {
					prevEmpty = false
				}
			}
			atStart = whole
			if err != nil {
				if !errors.Is(err, io.EOF) {
					if !emit() {
						return
					}
					yield(Message{Name: fmt.Sprintf("%s#%d", name, n+1), Err: fmt.Errorf("read %s: %w", name, err)})
					return
				}
				break
			}
		}
		emit()
	}
}

// Dir reads the messages of a folder: a Maildir (its cur and new
// subfolders) or any folder of message files (its regular files, not
// hidden ones), in name order. Subfolders of a plain folder are not read.
func Dir(path string, max int64) iter.Seq[Message] {
	return func(yield func(Message) bool) {
		files, err := Files(path)
		if err != nil {
			yield(Message{Name: path, Err: err})
			return
		}
		for _, f := range files {
			if !yield(readFile(f, max)) {
				return
			}
		}
	}
}

// Files lists the message files of a folder: a Maildir's cur and new
// subfolders, or the regular, not hidden files of any other folder, in
// name order. A folder without any is an error.
func Files(path string) ([]string, error) {
	var dirs []string
	for _, sub := range []string{"cur", "new"} {
		if st, err := os.Stat(filepath.Join(path, sub)); err == nil && st.IsDir() {
			dirs = append(dirs, filepath.Join(path, sub))
		}
	}
	if len(dirs) == 0 {
		dirs = []string{path}
	}
	var files []string
	for _, d := range dirs {
		ents, err := os.ReadDir(d)
		if err != nil {
			return nil, fmt.Errorf("read folder %s: %w", d, unwrapPath(err))
		}
		var names []string
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), ".") || !e.Type().IsRegular() {
				continue
			}
			names = append(names, filepath.Join(d, e.Name()))
		}
		sort.Strings(names)
		files = append(files, names...)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("folder %s holds no message files", path)
	}
	return files, nil
}

// readFile reads one message file, at most max bytes of it.
func readFile(path string, max int64) Message {
	f, err := os.Open(path)
	if err != nil {
		return Message{Name: path, Err: fmt.Errorf("open %s: %w", path, unwrapPath(err))}
	}
	defer f.Close()
	var b bytes.Buffer
	n, err := b.ReadFrom(io.LimitReader(f, max))
	if err != nil {
		return Message{Name: path, Err: fmt.Errorf("read %s: %w", path, unwrapPath(err))}
	}
	rest, _ := io.Copy(io.Discard, f)
	return Message{Name: path, Raw: b.Bytes(), Total: n + rest}
}

// unwrapPath drops the *PathError wrapper, whose text repeats the path.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
