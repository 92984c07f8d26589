// Package scan runs the pipeline on one input: extraction, normalisation,
// every detector, and the verdict. It is what the commands and the
// evaluation tools call; it never prints.
package scan

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/detect/age"
	"github.com/scamcheck/scamcheck/pkg/detect/lookalike"
	"github.com/scamcheck/scamcheck/pkg/detect/mailsig"
	"github.com/scamcheck/scamcheck/pkg/detect/phrases"
	"github.com/scamcheck/scamcheck/pkg/detect/urlsig"
	"github.com/scamcheck/scamcheck/pkg/extract"
	"github.com/scamcheck/scamcheck/pkg/normalize"
	"github.com/scamcheck/scamcheck/pkg/phrase"
	"github.com/scamcheck/scamcheck/pkg/rules"
	"github.com/scamcheck/scamcheck/pkg/verdict"
)

// Result is the verdict on one input, as reports print it.
type Result struct {
	Input   string           `json:"input"`
	Kind    detect.Kind      `json:"kind"`
	Verdict verdict.Verdict  `json:"verdict,omitempty"`
	Score   int              `json:"score"`
	Reasons []detect.Finding `json:"reasons"`
	URLs    []URLInfo        `json:"urls"`
	Advice  []string         `json:"advice"`
	// Email describes the message when the input is an email.
	Email *EmailInfo `json:"email,omitempty"`
	// Truncated is set when only the first part of the input was checked.
	Truncated *Truncation `json:"truncated,omitempty"`
	// Error is set when the input could not be read; the verdict fields are
	// then empty.
	Error string `json:"error,omitempty"`
}

// Truncation says how much of an input was checked.
type Truncation struct {
	CheckedBytes int64 `json:"checked_bytes"`
	TotalBytes   int64 `json:"total_bytes"`
}

// URLInfo is what the report shows about one link found in the input.
type URLInfo struct {
	Raw     string   `json:"raw"`
	URL     string   `json:"url"`
	Host    string   `json:"host"`
	Domain  string   `json:"domain"`
	Unicode string   `json:"unicode_host,omitempty"`
	IP      bool     `json:"ip,omitempty"`
	Reasons []string `json:"reasons"`
	// Brand, Technique and Distance say what a lookalike link imitates:
	// "AliExpress", "omission", 1.
	Brand     string `json:"brand,omitempty"`
	Technique string `json:"technique,omitempty"`
	Distance  int    `json:"distance,omitempty"`
	// Registered, AgeDays and AgeSource say when the link's domain was
	// registered (age layer; absent offline and for official or
	// allowlisted domains); AgeError says why the age is unknown.
	Registered string `json:"registered,omitempty"`
	AgeDays    *int   `json:"age_days,omitempty"`
	AgeSource  string `json:"age_source,omitempty"`
	AgeError   string `json:"age_error,omitempty"`
}

// Scanner runs the detectors of a rule set. It is immutable after New and
// safe for concurrent use.
type Scanner struct {
	set       *rules.Set
	detectors []detect.Detector
	look      *lookalike.Detector
	sig       *urlsig.Detector
	age       *age.Detector
	cleanState
}

// New builds the detectors for set, with the built-in brands. Every
// detector that runs is listed here.
func New(set *rules.Set) (*Scanner, error) { return NewWithBrands(set, nil) }

// NewWithBrands is New with the protected brands of brands (the built-in
// ones when nil).
func NewWithBrands(set *rules.Set, brands *lookalike.Catalog) (*Scanner, error) {
	return NewOnline(set, brands, nil)
}

// NewOnline is NewWithBrands with the age layer reading registration dates
// from dates (nil: offline, the age layer finds nothing and opens no
// connection).
func NewOnline(set *rules.Set, brands *lookalike.Catalog, dates age.Dates) (*Scanner, error) {
	ph, err := phrases.New(set)
	if err != nil {
		return nil, err
	}
	look, err := lookalike.New(set, brands)
	if err != nil {
		return nil, err
	}
	sig := urlsig.New(set)
	lm := look.Matcher()
	sig.TrustHosts(func(u *extract.URL) bool {
		return lm.Official(u.Host) || u.Domain != "" && lm.Allowed(u.Domain) && !lm.Platform(u.Host)
	})
	ag := age.New(set, look.Matcher(), dates, nil)
	ms := mailsig.New(set, look.Matcher())
	s := &Scanner{set: set, detectors: []detect.Detector{ph, sig, look, ag, ms}, look: look, sig: sig, age: ag}
	for _, r := range set.Rules {
		if r.Signal != "" && !slices.Contains(urlsig.Signals, r.Signal) && !slices.Contains(lookalike.Signals, r.Signal) &&
			!slices.Contains(age.Signals, r.Signal) && !slices.Contains(mailsig.Signals, r.Signal) {
			return nil, fmt.Errorf("rule %s (%s): no detector implements signal %q", r.ID, r.Source, r.Signal)
		}
	}
	return s, nil
}

// Rules returns the rule set the scanner uses.
func (s *Scanner) Rules() *rules.Set { return s.set }

// classOf maps entity kinds to pattern classes.
var classOf = map[extract.EntityKind]string{
	extract.Money:  phrase.Classes["money"],
	extract.Wallet: phrase.Classes["wallet"],
	extract.Phone:  phrase.Classes["phone"],
	extract.Handle: phrase.Classes["handle"],
}

// Prepare builds the document for text: links and entities are found, then
// the text is normalised with each of them masked as its class token.
func Prepare(input string, kind detect.Kind, text string) *detect.Document {
	doc := &detect.Document{Input: input, Kind: kind, Text: text}
	doc.URLs = extract.URLs(text)
	doc.Entities = extract.Entities(text)
	masks := make([]normalize.Mask, 0, len(doc.URLs)+len(doc.Entities))
	for _, u := range doc.URLs {
		masks = append(masks, normalize.Mask{Start: u.Start, End: u.End, Token: phrase.Classes["url"]})
	}
	for _, e := range doc.Entities {
		masks = append(masks, normalize.Mask{Start: e.Start, End: e.End, Token: classOf[e.Kind]})
	}
	sort.SliceStable(masks, func(i, j int) bool { return masks[i].Start < masks[j].Start })
	doc.Norm = normalize.Normalize(text, masks)
	return doc
}

// Check runs every detector on doc and decides the verdict.
func (s *Scanner) Check(ctx context.Context, doc *detect.Document) (Result, error) {
	var findings []detect.Finding
	for _, d := range s.detectors {
		f, err := d.Detect(ctx, doc)
		if err != nil {
			return Result{}, fmt.Errorf("%s detector: %w", d.Name(), err)
		}
		findings = append(findings, f...)
	}
	out := verdict.Decide(&s.set.Settings, findings, doc.Has)
	res := Result{
		Input: doc.Input, Kind: doc.Kind, Verdict: out.Verdict, Score: out.Score,
		Reasons: out.Reasons, URLs: s.urlInfos(ctx, doc, out.Reasons),
		Advice: s.advice(out),
	}
	if res.Reasons == nil {
		res.Reasons = []detect.Finding{}
	}
	return res, nil
}

// CheckText prepares text and checks it.
func (s *Scanner) CheckText(ctx context.Context, input string, kind detect.Kind, text string) (Result, error) {
	return s.Check(ctx, Prepare(input, kind, text))
}

// urlInfos lists the document's links with the rules that flagged each.
func (s *Scanner) urlInfos(ctx context.Context, doc *detect.Document, reasons []detect.Finding) []URLInfo {
	out := make([]URLInfo, 0, len(doc.URLs))
	for i, u := range doc.URLs {
		info := URLInfo{Raw: u.Raw, URL: u.URL, Host: u.Host, Domain: u.Domain, IP: u.IP, Reasons: []string{}}
		if u.HostUnicode != u.Host {
			info.Unicode = u.HostUnicode
		}
		for _, r := range reasons {
			if r.URL == i {
				info.Reasons = append(info.Reasons, r.ID)
				if m, ok := s.look.Match(&doc.URLs[i]); ok && r.Layer == "lookalike" {
					info.Brand, info.Technique, info.Distance = m.Brand, m.Technique, m.Distance
				}
			}
		}
		if !u.IP {
			if a, ok := s.Age(ctx, u.Domain); ok {
				info.Registered, info.AgeDays, info.AgeSource, info.AgeError = a.Registered, a.Days, a.Source, a.Error
			}
		}
		out = append(out, info)
	}
	return out
}

// AgeInfo is what the age layer found about a domain, for reports.
type AgeInfo struct {
	Registered string // YYYY-MM-DD
	Days       *int
	Source     string
	Error      string
}

// Age returns the registration date of domain when the age layer is
// online and looks it up (the lookup source remembers its answers, so
// asking again costs nothing).
func (s *Scanner) Age(ctx context.Context, domain string) (AgeInfo, bool) {
	if !s.age.Online() || s.age.Skip(domain) {
		return AgeInfo{}, false
	}
	r := s.age.Lookup(ctx, domain)
	if !r.Known() {
		return AgeInfo{Error: r.Err}, true
	}
	d := age.DaysSince(r.Registered, s.age.Now())
	return AgeInfo{Registered: r.Registered.Format("2006-01-02"), Days: &d, Source: string(r.Source)}, true
}

// advice picks one or two lines: what to do about the strongest layer, and
// the general advice for the verdict.
func (s *Scanner) advice(out verdict.Outcome) []string {
	var lines []string
	if out.Verdict != verdict.Safe && len(out.Layers) > 0 {
		if l, ok := s.set.Settings.Layers[out.Layers[0]]; ok && l.Advice != "" {
			lines = append(lines, l.Advice)
		}
	}
	if a := s.set.Settings.Advice[string(out.Verdict)]; a != "" {
		lines = append(lines, a)
	}
	return lines
}

// ErrorResult is the result for an input that could not be checked: no
// verdict, empty lists, and the reason in Error.
func ErrorResult(input string, kind detect.Kind, err error) Result {
	return Result{Input: input, Kind: kind, Error: err.Error(),
		Reasons: []detect.Finding{}, URLs: []URLInfo{}, Advice: []string{}}
}
