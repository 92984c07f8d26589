package report

import (
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
	var b []byte
	var err error
	if j.indent {
		b, err = json.MarshalIndent(r, "", "  ")
	} else {
		b, err = json.Marshal(r)
	}
	if err != nil {
		return fmt.Errorf("encode result for %s: %w", r.Input, err)
	}
	b = append(b, '\n')
	_, err = j.w.Write(b)
	j.n++
	return err
}

func (j *jsonReporter) Close() error { return nil }
