package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/scamcheck/scamcheck/pkg/scan"
)

// URLReporter writes the records of `scamcheck urls` one at a time, as they
// are ready. Write never buffers a record past the call: what it wrote is
// a whole record (buffering, if any, belongs to w).
type URLReporter interface {
	// Write prints one record.
	Write(r *scan.URLRecord) error
	// Close finishes the report (the closing bracket of json).
	Close() error
}

// URLFormats lists the names NewURLs accepts.
var URLFormats = []string{"ndjson", "json", "csv", "text"}

// NewURLs returns the record reporter for format writing to w; color
// applies to text.
func NewURLs(format string, w io.Writer, color bool) (URLReporter, error) {
	switch format {
	case "ndjson":
		return newURLJSON(w, false), nil
	case "json":
		return newURLJSON(w, true), nil
	case "csv":
		return newURLCSV(w), nil
	case "text":
		return newURLText(w, color), nil
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", format, strings.Join(URLFormats, ", "))
}

// reasonIDs lists the rule ids of a record's reasons.
func reasonIDs(r *scan.URLRecord, sep string) string {
	switch len(r.Reasons) {
	case 0:
		return ""
	case 1:
		return r.Reasons[0].ID
	}
	ids := make([]string, len(r.Reasons))
	for i, f := range r.Reasons {
		ids[i] = f.ID
	}
	return strings.Join(ids, sep)
}
