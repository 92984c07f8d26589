// Package age is the domain-age detector: it reads when each link's
// registrable domain was registered (through a Dates source, normally
// pkg/regdate over RDAP and WHOIS) and turns a young age into a reason.
// Which ages count, and how much, is data: signal rules of the age layer
// (rules/age.yaml). An unknown age is a reason with 0 points, never taken
// for young or old. Official brand domains and allowlisted popular domains
// are never looked up. Without a source (offline) the detector does
// nothing and opens no connection.
package age

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/detect/lookalike"
	"github.com/scamcheck/scamcheck/pkg/regdate"
	"github.com/scamcheck/scamcheck/pkg/rules"
)

// Ensure the Detector satisfies the interface at compile time.
var _ detect.Detector = (*Detector)(nil)

// The signals this detector implements.
const (
	SignalNew     = "registered-days" // under NewDays days
	SignalYoung   = "registered-year" // under YoungDays days
	SignalOld     = "registered-old"  // older (0 points: shows the date)
	SignalUnknown = "age-unknown"     // the lookup failed
)

// Signals lists the signal names rules may use with this detector.
var Signals = []string{SignalNew, SignalYoung, SignalOld, SignalUnknown}

// Age thresholds, in days.
const (
	NewDays   = 30
	YoungDays = 365
)

// Dates gives registration dates; *regdate.Lookup implements it.
type Dates interface {
	Date(ctx context.Context, domain string) regdate.Result
}

// Detector judges the age of each link's domain. It is safe for
// concurrent use when its Dates source is.
type Detector struct {
	rules map[string]rules.Rule
	m     *lookalike.Matcher
	dates Dates
	now   func() time.Time
}

// New takes the age signal rules of set. dates may be nil (offline): the
// detector then finds nothing.
func New(set *rules.Set, m *lookalike.Matcher, dates Dates, now func() time.Time) *Detector {
	if now == nil {
		now = time.Now
	}
	d := &Detector{rules: map[string]rules.Rule{}, m: m, dates: dates, now: now}
	for _, r := range set.Rules {
		if slices.Contains(Signals, r.Signal) {
			d.rules[r.Signal] = r
		}
	}
	return d
}

// Lookup returns the registration date of domain from the source.
func (d *Detector) Lookup(ctx context.Context, domain string) regdate.Result {
	return d.dates.Date(ctx, domain)
}

// Now returns the detector's clock.
func (d *Detector) Now() time.Time { return d.now() }

// Name returns "age".
func (d *Detector) Name() string { return "age" }

// Online reports whether the detector has a source of dates.
func (d *Detector) Online() bool { return d.dates != nil }

// Skip reports whether domain is never looked up: empty, an official brand
// domain or an allowlisted popular domain.
func (d *Detector) Skip(domain string) bool {
	return domain == "" || d.m != nil && (d.m.Official(domain) || d.m.Allowed(domain))
}

// Detect looks up each distinct registrable domain of doc (in order) and
// reports one finding per domain.
func (d *Detector) Detect(ctx context.Context, doc *detect.Document) ([]detect.Finding, error) {
	if d.dates == nil || len(doc.URLs) == 0 || len(d.rules) == 0 {
		return nil, nil
	}
	seen := map[string]bool{}
	var out []detect.Finding
	for i, u := range doc.URLs {
		if u.IP || seen[u.Domain] || d.Skip(u.Domain) {
			continue
		}
		seen[u.Domain] = true
		if err := ctx.Err(); err != nil {
			return out, nil
		}
		r := d.dates.Date(ctx, u.Domain)
		if f, ok := d.Finding(r); ok {
			f.URL, f.Start, f.End = i, u.Start, u.End
			out = append(out, f)
		}
	}
	return out, nil
}

// Finding turns one lookup result into its finding (URL index 0).
func (d *Detector) Finding(r regdate.Result) (detect.Finding, bool) {
	sig, ev := SignalUnknown, ""
	if r.Known() {
		days := DaysSince(r.Registered, d.now())
		switch {
		case days < NewDays:
			sig = SignalNew
		case days < YoungDays:
			sig = SignalYoung
		default:
			sig = SignalOld
		}
		ev = fmt.Sprintf("%s registered %s, on %s (%s)", r.Domain, AgeWords(days), r.Registered.Format("2006-01-02"), sourceWords(r.Source))
	} else {
		ev = r.Domain + ": " + r.Err
	}
	rule, ok := d.rules[sig]
	if !ok {
		return detect.Finding{}, false
	}
	msg := rule.Message
	if r.Known() {
		days := DaysSince(r.Registered, d.now())
		msg = strings.NewReplacer("{domain}", r.Domain, "{date}", r.Registered.Format("2006-01-02"),
			"{age}", AgeWords(days)).Replace(msg)
	} else {
		msg = strings.NewReplacer("{domain}", r.Domain, "{error}", r.Err).Replace(msg)
	}
	return detect.Finding{ID: rule.ID, Layer: rule.Layer, Points: rule.Points, Message: msg,
		Evidence: detect.Clip(ev, 200), Word: -1, EndWord: -1}, true
}

func sourceWords(s regdate.Source) string {
	switch s {
	case regdate.SourceRDAP:
		return "RDAP"
	case regdate.SourceWHOIS:
		return "WHOIS"
	case regdate.SourceCache:
		return "cached lookup"
	}
	return string(s)
}

// DaysSince returns the whole days from t to now (0 for a future t).
func DaysSince(t, now time.Time) int {
	d := now.Sub(t)
	if d < 0 {
		return 0
	}
	return int(d / (24 * time.Hour))
}

// AgeWords says an age in days in words: "today", "6 days ago",
// "3 months ago", "about 2 years ago".
func AgeWords(days int) string {
	switch {
	case days <= 0:
		return "today"
	case days == 1:
		return "yesterday"
	case days < 60:
		return fmt.Sprintf("%d days ago", days)
	case days < 365:
		return fmt.Sprintf("%d months ago", days/30)
	case days < 730:
		return "over a year ago"
	}
	return fmt.Sprintf("%d years ago", days/365)
}
