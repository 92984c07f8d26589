package scan

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/detect/age"
	"github.com/scamcheck/scamcheck/pkg/detect/lookalike"
	"github.com/scamcheck/scamcheck/pkg/extract"
	"github.com/scamcheck/scamcheck/pkg/verdict"
)

// URLRecord is the verdict on one line of a URL list, as `scamcheck urls`
// prints it. Exactly one of Verdict and Error is set.
type URLRecord struct {
	// Source names where the line came from: a file path, "stdin" or
	// "argument".
	Source string `json:"source"`
	// Line is the line number in Source (1-based; for arguments, the
	// argument's position; 0 when the whole source could not be read).
	Line int `json:"line"`
	// Input is the line as given, trimmed (clipped when very long).
	Input string `json:"input"`
	// URL is the normalised link, Host its ASCII host and Domain its
	// registrable domain ("" for IP hosts).
	URL    string `json:"url,omitempty"`
	Host   string `json:"host,omitempty"`
	Domain string `json:"domain,omitempty"`
	// Unicode is the host for display when it has punycode labels.
	Unicode string           `json:"unicode_host,omitempty"`
	Verdict verdict.Verdict  `json:"verdict,omitempty"`
	Score   int              `json:"score"`
	Reasons []detect.Finding `json:"reasons"`
	// Brand, Technique and Distance say what a lookalike imitates.
	Brand     string `json:"brand,omitempty"`
	Technique string `json:"technique,omitempty"`
	Distance  int    `json:"distance,omitempty"`
	// Registered, AgeDays, AgeSource and AgeError are the age layer's
	// answer for the domain (see URLInfo).
	Registered string `json:"registered,omitempty"`
	AgeDays    *int   `json:"age_days,omitempty"`
	AgeSource  string `json:"age_source,omitempty"`
	AgeError   string `json:"age_error,omitempty"`
	// Error says why the line could not be judged: not a URL or domain,
	// too long, or its source could not be read.
	Error string `json:"error,omitempty"`
}

// DomainResult is what the domain-level layers say about one registrable
// domain. It does not depend on the rest of the URL, so it is computed once
// per domain and reused for every URL on that domain. Today only the
// lookalike layer is domain-level; the age layer (registration date over
// RDAP/WHOIS) will add its findings here.
type DomainResult struct {
	// Official reports that the domain is a brand's official domain: no
	// lookalike check applies to it or its subdomains.
	Official bool
	// Findings are the domain-level findings (a lookalike of a brand).
	Findings []detect.Finding
	// Match says what a lookalike domain imitates.
	Match *lookalike.Match
}

// DomainCache keeps domain results for the length of a run. Implementations
// must be safe for concurrent use.
type DomainCache interface {
	Get(domain string) (DomainResult, bool)
	Put(domain string, r DomainResult)
}

// JudgeDomain runs the domain-level layers on a registrable domain.
func (s *Scanner) JudgeDomain(ctx context.Context, domain string) DomainResult {
	if domain == "" {
		return DomainResult{}
	}
	if s.look.Matcher().Official(domain) {
		return DomainResult{Official: true}
	}
	u := extract.URL{Host: domain, Domain: domain}
	fs := s.look.Check(&u)
	if len(fs) == 0 {
		return DomainResult{}
	}
	r := DomainResult{Findings: fs}
	if m, ok := s.look.Match(&u); ok {
		r.Match = &m
	}
	return r
}

// URLVerdict is the verdict on one URL.
type URLVerdict struct {
	Verdict verdict.Verdict
	Score   int
	Reasons []detect.Finding
	// Brand, Technique and Distance say what a lookalike imitates.
	Brand, Technique string
	Distance         int
	// Age is the age layer's answer, when it looked the domain up.
	Age    AgeInfo
	HasAge bool
	// Cached reports that the domain-level result came from the cache;
	// Judged that it was computed for this URL.
	Cached, Judged bool
}

// CheckURL judges one URL with the URL-level layers: the link signals of
// the url layer (IP host, userinfo, shortener, risky TLD, port, login path)
// on the URL itself, and the lookalike layer, whose verdict on the
// registrable domain comes from cache when it holds it (nil cache: no
// caching). Phrase rules do not apply to a bare URL. It is safe for
// concurrent use.
//
// The lookalike result equals what the full check of a text holding only u
// would give: the domain-level match (the brand name, misspelled or not, in
// the domain's own name) is shared by every host and path on the domain;
// subdomain and path imitation ("aliexpress.com.evil.top",
// "evil.top/aliexpress/") depend on the URL and are judged per URL when the
// domain itself is not a lookalike.
func (s *Scanner) CheckURL(ctx context.Context, u *extract.URL, cache DomainCache) URLVerdict {
	var v URLVerdict
	findings := s.sig.Check(u)
	if !u.IP && u.Domain != "" {
		dr, ok := s.name(ctx, u.Domain, cache)
		if ok {
			v.Cached = true
		} else {
			v.Judged = true
		}
		var look []detect.Finding
		var m *lookalike.Match
		switch {
		case dr.Official:
		case len(dr.Findings) > 0:
			// A host under the domain can be official only when a brand
			// lists a subdomain of a lookalike-looking domain as official.
			if u.Host == u.Domain || !s.look.Matcher().Official(u.Host) {
				look, m = dr.Findings, dr.Match
			}
		default:
			// The domain's own name is not a lookalike: what is left are
			// the subdomains (judged per host, cached too: the same
			// function of a name, and a host that is not its own
			// registrable domain is never a registrable domain) and the
			// path.
			if u.Host != u.Domain {
				hr, _ := s.name(ctx, u.Host, cache)
				if hr.Official {
					break
				}
				if len(hr.Findings) > 0 {
					look, m = hr.Findings, hr.Match
					break
				}
			}
			if u.Path != "" && s.pathMayMatch(u.Path) {
				look = s.look.Check(u)
				if len(look) > 0 {
					if mm, ok := s.look.Match(u); ok {
						m = &mm
					}
				}
			}
		}
		if len(look) > 0 {
			findings = append(findings, look...)
			if m != nil {
				v.Brand, v.Technique, v.Distance = m.Brand, m.Technique, m.Distance
			}
		}
	}
	if !u.IP && u.Domain != "" && s.age.Online() && !s.age.Skip(u.Domain) {
		// The age layer: one lookup per registrable domain, deduplicated
		// and remembered by the lookup source itself.
		r := s.age.Lookup(ctx, u.Domain)
		if f, ok := s.age.Finding(r); ok {
			findings = append(findings, f)
		}
		v.HasAge = true
		if r.Known() {
			d := age.DaysSince(r.Registered, s.age.Now())
			v.Age = AgeInfo{Registered: r.Registered.Format("2006-01-02"), Days: &d, Source: string(r.Source)}
		} else {
			v.Age = AgeInfo{Error: r.Err}
		}
	}
	if len(findings) == 0 {
		out := s.cleanURL()
		v.Verdict, v.Score, v.Reasons = out.Verdict, out.Score, out.Reasons
		return v
	}
	out := verdict.Decide(&s.set.Settings, findings, hasURL)
	v.Verdict, v.Score, v.Reasons = out.Verdict, out.Score, out.Reasons
	if v.Reasons == nil {
		v.Reasons = []detect.Finding{}
	}
	return v
}

// name returns the lookalike judgement of a host name with no path, from
// cache when it holds it; cached reports a cache hit.
func (s *Scanner) name(ctx context.Context, name string, cache DomainCache) (r DomainResult, cached bool) {
	if cache != nil {
		if r, ok := cache.Get(name); ok {
			return r, true
		}
	}
	r = s.JudgeDomain(ctx, name)
	if cache != nil {
		cache.Put(name, r)
	}
	return r, false
}

// pathMayMatch is a conservative filter in front of the lookalike layer's
// path check: a brand can only be named in a path that holds one of the
// brand tokens (ASCII letters and digits, compared case-insensitively).
// Paths with non-ASCII bytes always pass (Unicode case folding can turn
// them into ASCII letters). TestCheckURLMatchesDetector compares CheckURL
// with the full lookalike detector on generated lists to keep this honest.
func (s *Scanner) pathMayMatch(p string) bool {
	s.tokOnce.Do(func() {
		for _, b := range s.look.Matcher().Brands() {
			for _, t := range append(slices.Clone(b.Tokens), b.ShortForms...) {
				t = strings.ToLower(t)
				if t != "" {
					s.tokByFirst[t[0]] = append(s.tokByFirst[t[0]], t)
				}
			}
		}
	})
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c >= 0x80 {
			return true
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		for _, t := range s.tokByFirst[c] {
			if hasFoldPrefix(p[i:], t) {
				return true
			}
		}
	}
	return false
}

// hasFoldPrefix reports whether s starts with the lower-case ASCII token t,
// ignoring ASCII case.
func hasFoldPrefix(s, t string) bool {
	if len(s) < len(t) {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != t[i] {
			return false
		}
	}
	return true
}

// hasURL is the feature test of a document that is one URL.
func hasURL(f string) bool { return f == "url" }

// cleanURL is the outcome for a URL with no finding (the same for every
// such URL, so decided once). Its Reasons must not be modified.
func (s *Scanner) cleanURL() verdict.Outcome {
	s.cleanOnce.Do(func() {
		s.clean = verdict.Decide(&s.set.Settings, nil, hasURL)
		if s.clean.Reasons == nil {
			s.clean.Reasons = []detect.Finding{}
		}
	})
	return s.clean
}

// cleanState is embedded in Scanner for cleanURL.
type cleanState struct {
	cleanOnce  sync.Once
	clean      verdict.Outcome
	tokOnce    sync.Once
	tokByFirst [256][]string
}
