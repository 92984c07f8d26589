// Package urlsig is the detector for signals in the links themselves:
// IP-address hosts, userinfo tricks, URL shorteners, risky top-level domains,
// IDN (punycode) hosts, unusual ports and login paths on unknown domains.
// The links are never visited. Which signals count, and how much, is data:
// signal rules in the rule set (layer "url").
package urlsig

import (
	"context"
	"slices"
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/extract"
	"github.com/scamcheck/scamcheck/pkg/rules"
)

// Ensure the Detector satisfies the interface at compile time.
var _ detect.Detector = (*Detector)(nil)

// The signals this detector implements.
const (
	SignalIPHost    = "ip-host"
	SignalUserinfo  = "userinfo"
	SignalShortener = "shortener"
	SignalRiskyTLD  = "risky-tld"
	SignalPunycode  = "punycode"
	SignalPort      = "port"
	SignalLoginPath = "login-path"
)

// Signals lists the signal names rules may use with this detector.
var Signals = []string{SignalIPHost, SignalUserinfo, SignalShortener, SignalRiskyTLD, SignalPunycode, SignalPort, SignalLoginPath}

// sigRule is a signal rule with its lists prepared for lookups.
type sigRule struct {
	rules.Rule
	domains map[string]bool
	tlds    map[string]bool
	skip    map[string]bool
	words   []string
}

// Detector judges each URL of a document against the signal rules.
// It is immutable after New and safe for concurrent use.
type Detector struct {
	rules []sigRule
	// trusted reports hosts of brands' official domains and of popular
	// sites: a sign-in path there is where sign-in pages belong.
	trusted func(u *extract.URL) bool
}

// TrustHosts makes the login-path signal skip the links trusted reports
// (official brand domains, the popular-site allowlist). It must be
// called before the detector is used.
func (d *Detector) TrustHosts(trusted func(u *extract.URL) bool) { d.trusted = trusted }

// skips reports a rule that does not apply to u: a sign-in path on a
// trusted host is where sign-in pages belong.
func (d *Detector) skips(r *sigRule, u *extract.URL) bool {
	return r.Signal == SignalLoginPath && d.trusted != nil && d.trusted(u)
}

// New takes the signal rules of set that name one of Signals.
func New(set *rules.Set) *Detector {
	d := &Detector{}
	for _, r := range set.Rules {
		if !slices.Contains(Signals, r.Signal) {
			continue
		}
		d.rules = append(d.rules, sigRule{
			Rule: r, domains: lowerSet(r.Domains), tlds: lowerSet(r.TLDs),
			skip: lowerSet(r.SkipDomains), words: lowerAll(r.PathWords),
		})
	}
	return d
}

func lowerSet(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[strings.TrimPrefix(strings.ToLower(x), ".")] = true
	}
	return m
}

func lowerAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strings.ToLower(x)
	}
	return out
}

// Name returns "url".
func (d *Detector) Name() string { return "url" }

// Detect reports, for each signal rule, the first URL that shows it.
func (d *Detector) Detect(ctx context.Context, doc *detect.Document) ([]detect.Finding, error) {
	if len(doc.URLs) == 0 || len(d.rules) == 0 {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []detect.Finding
	for i := range d.rules {
		r := &d.rules[i]
		for ui, u := range doc.URLs {
			if d.skips(r, &u) {
				continue
			}
			ev, ok := r.check(&u)
			if !ok {
				continue
			}
			out = append(out, detect.Finding{
				ID: r.ID, Layer: r.Layer, Points: r.Points, Message: r.Message,
				Evidence: detect.Clip(ev, 200), URL: ui, Start: u.Start, End: u.End,
				Word: -1, EndWord: -1,
			})
			break
		}
	}
	return out, nil
}

// Check returns the findings of the signal rules for one URL, for callers
// that judge URLs one by one.
func (d *Detector) Check(u *extract.URL) []detect.Finding {
	var out []detect.Finding
	for i := range d.rules {
		r := &d.rules[i]
		if d.skips(r, u) {
			continue
		}
		if ev, ok := r.check(u); ok {
			out = append(out, detect.Finding{
				ID: r.ID, Layer: r.Layer, Points: r.Points, Message: r.Message,
				Evidence: detect.Clip(ev, 200), URL: 0, Word: -1, EndWord: -1,
			})
		}
	}
	return out
}

// check applies one signal rule to u and returns the evidence.
func (r *sigRule) check(u *extract.URL) (string, bool) {
	if r.skip[u.Domain] || r.skip[u.Host] {
		return "", false
	}
	switch r.Signal {
	case SignalIPHost:
		return u.Raw, u.IP
	case SignalUserinfo:
		if u.Userinfo == "" {
			return "", false
		}
		return u.Raw + " (the real host is " + u.HostUnicode + ")", true
	case SignalShortener:
		return u.Raw, r.domains[u.Domain] || r.domains[u.Host]
	case SignalRiskyTLD:
		if u.IP || u.Host == "" {
			return "", false
		}
		suffix, _ := publicsuffix.PublicSuffix(u.Host)
		tld := suffix
		if i := strings.LastIndexByte(suffix, '.'); i >= 0 {
			tld = suffix[i+1:]
		}
		return u.Raw, r.tlds[suffix] || r.tlds[tld]
	case SignalPunycode:
		if !strings.Contains(u.Host, "xn--") {
			return "", false
		}
		return u.Raw + " (shown as " + u.HostUnicode + ", really " + u.Host + ")", true
	case SignalPort:
		return u.Raw, u.Port != "" && u.Port != "80" && u.Port != "443"
	case SignalLoginPath:
		p := strings.ToLower(u.Path)
		if p == "" {
			return "", false
		}
		for _, w := range r.words {
			if containsWord(p, w) {
				return u.Raw, true
			}
		}
	}
	return "", false
}

// containsWord reports whether w occurs in p delimited by non-letters.
func containsWord(p, w string) bool {
	for i := 0; ; {
		j := strings.Index(p[i:], w)
		if j < 0 {
			return false
		}
		s, e := i+j, i+j+len(w)
		if (s == 0 || !isAlnum(p[s-1])) && (e == len(p) || !isAlnum(p[e])) {
			return true
		}
		i = s + 1
	}
}

func isAlnum(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
}
