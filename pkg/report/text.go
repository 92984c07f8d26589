package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/fatih/color"

	"github.com/scamcheck/scamcheck/pkg/detect/age"
	"github.com/scamcheck/scamcheck/pkg/scan"
	"github.com/scamcheck/scamcheck/pkg/verdict"
)

// width is the line width text reports wrap to.
const width = 80

// textReporter writes a block per result for people: the verdict line, the
// reasons with their evidence, the links, and advice.
type textReporter struct {
	w       io.Writer
	n       int
	verdict map[verdict.Verdict]*color.Color
	bold    *color.Color
	dim     *color.Color
	errc    *color.Color
}

func newText(w io.Writer, enabled bool) *textReporter {
	mk := colorMaker(enabled)
	return &textReporter{
		w: w,
		verdict: map[verdict.Verdict]*color.Color{
			verdict.Safe:       mk(color.FgGreen, color.Bold),
			verdict.Suspicious: mk(color.FgYellow, color.Bold),
			verdict.Scam:       mk(color.FgRed, color.Bold),
		},
		bold: mk(color.Bold),
		dim:  mk(color.Faint),
		errc: mk(color.FgRed, color.Bold),
	}
}

func (t *textReporter) Write(r scan.Result) error {
	var b strings.Builder
	if t.n > 0 {
		b.WriteString("\n")
	}
	t.n++
	if r.Error != "" {
		fmt.Fprintf(&b, "%s  %s\n", t.errc.Sprint("ERROR"), r.Input)
		wrap(&b, r.Error, "  ", "  ")
		_, err := io.WriteString(t.w, b.String())
		return err
	}
	c := t.verdict[r.Verdict]
	if c == nil {
		c = t.bold
	}
	fmt.Fprintf(&b, "%s  score %d/100  %s\n", c.Sprint(strings.ToUpper(string(r.Verdict))), r.Score, t.dim.Sprint(r.Input))
	if e := r.Email; e != nil {
		from := "(no From header)"
		if e.From != nil {
			from = e.From.Addr
			if e.From.Name != "" {
				from = fmt.Sprintf("%q <%s>", e.From.Name, e.From.Addr)
			}
		}
		wrap(&b, "From: "+from, "  ", "    ")
		wrap(&b, "Subject: "+e.Subject, "  ", "    ")
		if n := len(e.Attachments); n > 0 {
			names := make([]string, 0, n)
			for _, a := range e.Attachments {
				names = append(names, a.Name)
			}
			wrap(&b, "Attachments: "+strings.Join(names, ", "), "  ", "    ")
		}
	}
	if r.Truncated != nil {
		wrap(&b, fmt.Sprintf("Note: only the first %s of %s were checked; the rest was left out.",
			size(r.Truncated.CheckedBytes), size(r.Truncated.TotalBytes)), "  ", "  ")
	}
	if len(r.Reasons) > 0 {
		b.WriteString("\n")
		fmt.Fprintf(&b, "  %s\n", t.bold.Sprint("Why:"))
		for _, f := range r.Reasons {
			pts := fmt.Sprintf("%+d", f.Points)
			fmt.Fprintf(&b, "  %4s  %s\n", pts, t.bold.Sprint(f.ID))
			wrap(&b, f.Message, "        ", "        ")
			if f.Evidence != "" {
				wrap(&b, "evidence: "+quote(f.Evidence), "        ", "          ")
			}
		}
	}
	if len(r.URLs) > 0 {
		b.WriteString("\n")
		fmt.Fprintf(&b, "  %s\n", t.bold.Sprint("Links (not visited):"))
		for _, u := range r.URLs {
			wrap(&b, u.Raw, "  - ", "    ")
			var parts []string
			switch {
			case u.IP:
				parts = append(parts, "IP address "+u.Host)
			case u.Domain != "":
				d := "domain " + u.Domain
				if u.Unicode != "" {
					d += " (shown as " + u.Unicode + ")"
				}
				parts = append(parts, d)
			}
			if len(u.Reasons) > 0 {
				parts = append(parts, "flagged by "+strings.Join(u.Reasons, ", "))
			}
			if len(parts) > 0 {
				wrap(&b, t.dim.Sprint(strings.Join(parts, "; ")), "    ", "    ")
			}
			// The age has a line of its own: an age error can itself
			// hold "; " and would blur into the parts above.
			if a := ageText(u); a != "" {
				wrap(&b, t.dim.Sprint(a), "    ", "      ")
			}
		}
	}
	if len(r.Advice) > 0 {
		b.WriteString("\n")
		fmt.Fprintf(&b, "  %s\n", t.bold.Sprint("What to do:"))
		for _, a := range r.Advice {
			wrap(&b, a, "  - ", "    ")
		}
	}
	_, err := io.WriteString(t.w, b.String())
	return err
}

func (t *textReporter) Close() error { return nil }

// ageText says when a link's domain was registered ("registered
// 2026-11-16, 6 days ago"), or why that is unknown ("age unknown: ...");
// "" when the domain was not looked up.
func ageText(u scan.URLInfo) string {
	switch {
	case u.Registered != "" && u.AgeDays != nil:
		return "registered " + u.Registered + ", " + age.AgeWords(*u.AgeDays)
	case u.Registered != "":
		return "registered " + u.Registered
	case u.AgeError != "":
		return "age unknown: " + u.AgeError
	}
	return ""
}

// quote puts evidence in quotes.
func quote(s string) string { return "\u201c" + s + "\u201d" }

// size prints a byte count for people.
func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// wrap writes s word-wrapped to width, the first line after first and the
// others after rest. Words longer than a line are not broken. Width is
// counted in runes, ignoring color escape sequences.
func wrap(b *strings.Builder, s, first, rest string) {
	prefix := first
	line := 0
	col := utf8.RuneCountInString(prefix)
	b.WriteString(prefix)
	for _, w := range strings.Fields(s) {
		wl := visibleLen(w)
		if line > 0 && col+1+wl > width {
			b.WriteString("\n")
			b.WriteString(rest)
			col = utf8.RuneCountInString(rest)
			line = 0
		}
		if line > 0 {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += wl
		line++
	}
	b.WriteString("\n")
}

// visibleLen counts the runes of s that are not part of ANSI escapes.
func visibleLen(s string) int {
	n := 0
	esc := false
	for _, r := range s {
		switch {
		case r == '\x1b':
			esc = true
		case esc:
			if r == 'm' {
				esc = false
			}
		default:
			n++
		}
	}
	return n
}
