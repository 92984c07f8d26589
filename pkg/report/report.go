// Package report writes check results in the formats users and scripts read:
// text for people, json and ndjson for programs. Reports never decide
// anything; they print what the scan found.
package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/scamcheck/scamcheck/pkg/scan"
)

// Reporter writes results one at a time, as they are ready.
type Reporter interface {
	// Write prints one result.
	Write(r scan.Result) error
	// Close finishes the report.
	Close() error
}

// Formats lists the names New accepts.
var Formats = []string{"text", "json", "ndjson"}

// New returns the reporter for format writing to w; color applies to text.
func New(format string, w io.Writer, color bool) (Reporter, error) {
	switch format {
	case "text":
		return newText(w, color), nil
	case "json":
		return &jsonReporter{w: w, indent: true}, nil
	case "ndjson":
		return &jsonReporter{w: w}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}
