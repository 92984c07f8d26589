package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/scamcheck/scamcheck/pkg/scan"
)

// jsonReporter writes one JSON object per result: indented and separated by
// a blank line for json, one per line for ndjson. Either way a stream of
// objects that `jq` reads as it comes.
type jsonReporter struct {
	w      io.Writer
	indent bool
	n      int
}

func (j *jsonReporter) Write(r scan.Result) error {
	// Addresses and evidence keep their < > & as written (no \u003c).
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if j.indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("encode result for %s: %w", r.Input, err)
	}
	_, err := j.w.Write(buf.Bytes())
	j.n++
	return err
}

func (j *jsonReporter) Close() error { return nil }
