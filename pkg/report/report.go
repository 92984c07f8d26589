// Package report writes check results in the formats users and scripts read:
// text for people, json and ndjson for programs. Reports never decide
// anything; they print what the scan found.
package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

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

// colorMaker returns a constructor of colors that are on or off as the
// report was asked, whatever fatih/color's global setting is.
func colorMaker(enabled bool) func(...color.Attribute) *color.Color {
	return func(attrs ...color.Attribute) *color.Color {
		c := color.New(attrs...)
		if enabled {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
}
