package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/fatih/color"

	"github.com/scamcheck/scamcheck/pkg/scan"
	"github.com/scamcheck/scamcheck/pkg/verdict"
)

// urlText writes an aligned table for people, one row per record:
//
//	VERDICT     SCORE  DOMAIN                        INPUT
//	scam           70  aliexpres.com                 https://aliexpres.com/login
//	                                                 lookalike.omission, url.login-path
//
// Columns have fixed widths, since the table is streamed (a longer domain
// pushes the input to the right). The reasons' rule ids follow on their own
// line under the input. Verdicts are colored when color is on.
type urlText struct {
	w       io.Writer
	header  bool
	verdict map[verdict.Verdict]*color.Color
	bold    *color.Color
	dim     *color.Color
	errc    *color.Color
}

const (
	urlDomainWidth = 28
	urlIndent      = 10 + 2 + 5 + 2 + urlDomainWidth + 2
)

func newURLText(w io.Writer, enabled bool) *urlText {
	mk := colorMaker(enabled)
	return &urlText{
		w: w,
		verdict: map[verdict.Verdict]*color.Color{
			verdict.Safe:       mk(color.FgGreen),
			verdict.Suspicious: mk(color.FgYellow, color.Bold),
			verdict.Scam:       mk(color.FgRed, color.Bold),
		},
		bold: mk(color.Bold),
		dim:  mk(color.Faint),
		errc: mk(color.FgRed),
	}
}

// pad writes s colored by c and pads it to n columns.
func pad(b *strings.Builder, c *color.Color, s string, n int) {
	b.WriteString(c.Sprint(s))
	for k := utf8.RuneCountInString(s); k < n; k++ {
		b.WriteByte(' ')
	}
}

func (t *urlText) Write(r *scan.URLRecord) error {
	var b strings.Builder
	if !t.header {
		t.header = true
		b.WriteString(t.bold.Sprintf("%-10s  %5s  %-*s  %s", "VERDICT", "SCORE", urlDomainWidth, "DOMAIN", "INPUT"))
		b.WriteByte('\n')
	}
	if r.Error != "" {
		pad(&b, t.errc, "error", 10)
		b.WriteString("  ")
		pad(&b, t.dim, "", 5)
		b.WriteString("  ")
		pad(&b, t.dim, "-", urlDomainWidth)
		fmt.Fprintf(&b, "  %s\n", r.Input)
		fmt.Fprintf(&b, "%*s%s\n", urlIndent, "", t.dim.Sprint(r.Error))
		_, err := io.WriteString(t.w, b.String())
		return err
	}
	c := t.verdict[r.Verdict]
	if c == nil {
		c = t.bold
	}
	pad(&b, c, string(r.Verdict), 10)
	fmt.Fprintf(&b, "  %5d  ", r.Score)
	dom := r.Domain
	if dom == "" {
		dom = r.Host
	}
	pad(&b, t.bold, dom, urlDomainWidth)
	fmt.Fprintf(&b, "  %s\n", r.Input)
	if ids := reasonIDs(r, ", "); ids != "" {
		fmt.Fprintf(&b, "%*s%s\n", urlIndent, "", t.dim.Sprint(ids))
	}
	_, err := io.WriteString(t.w, b.String())
	return err
}

func (t *urlText) Close() error { return nil }
