package report

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/scamcheck/scamcheck/pkg/scan"
)

// URLColumns are the columns of the csv format, in order. They are stable:
// new columns are only ever added at the end.
var URLColumns = []string{"source", "line", "input", "url", "host", "domain", "verdict", "score",
	"reasons", "brand", "technique", "distance", "error"}

// urlCSV writes a header row, then one row per record (RFC 4180, via
// encoding/csv). reasons holds the rule ids separated by ";"; score and
// distance are empty when there is no verdict or no lookalike.
type urlCSV struct {
	cw     *csv.Writer
	header bool
	row    []string
}

func newURLCSV(w io.Writer) *urlCSV {
	return &urlCSV{cw: csv.NewWriter(w), row: make([]string, len(URLColumns))}
}

func (c *urlCSV) Write(r *scan.URLRecord) error {
	if !c.header {
		c.header = true
		if err := c.cw.Write(URLColumns); err != nil {
			return err
		}
	}
	score, dist := "", ""
	if r.Error == "" {
		score = strconv.Itoa(r.Score)
	}
	if r.Technique != "" {
		dist = strconv.Itoa(r.Distance)
	}
	c.row = append(c.row[:0], r.Source, strconv.Itoa(r.Line), r.Input, r.URL, r.Host, r.Domain,
		string(r.Verdict), score, reasonIDs(r, ";"), r.Brand, r.Technique, dist, r.Error)
	if err := c.cw.Write(c.row); err != nil {
		return err
	}
	c.cw.Flush()
	return c.cw.Error()
}

func (c *urlCSV) Close() error {
	if !c.header {
		c.header = true
		if err := c.cw.Write(URLColumns); err != nil {
			return err
		}
	}
	c.cw.Flush()
	return c.cw.Error()
}
