package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/scamcheck/scamcheck/pkg/scan"
)

// urlJSON writes records as JSON: for ndjson one compact object per line;
// for json one array, streamed element by element, indented, so that the
// whole output is one valid JSON document (closed by Close, also after an
// interruption).
type urlJSON struct {
	w      io.Writer
	indent bool
	n      int
	buf    bytes.Buffer
	enc    *json.Encoder
}

func newURLJSON(w io.Writer, indent bool) *urlJSON {
	j := &urlJSON{w: w, indent: indent}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetEscapeHTML(false)
	if indent {
		j.enc.SetIndent("  ", "  ")
	}
	return j
}

func (j *urlJSON) Write(r *scan.URLRecord) error {
	j.buf.Reset()
	if j.indent {
		if j.n == 0 {
			j.buf.WriteString("[\n  ")
		} else {
			j.buf.WriteString(",\n  ")
		}
	}
	if err := j.enc.Encode(r); err != nil {
		return fmt.Errorf("encode record for %s:%d: %w", r.Source, r.Line, err)
	}
	if j.indent {
		j.buf.Truncate(j.buf.Len() - 1) // the newline Encode adds
	}
	j.n++
	_, err := j.w.Write(j.buf.Bytes())
	return err
}

func (j *urlJSON) Close() error {
	if !j.indent {
		return nil
	}
	s := "\n]\n"
	if j.n == 0 {
		s = "[]\n"
	}
	_, err := io.WriteString(j.w, s)
	return err
}
