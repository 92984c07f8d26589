// Package lookalike is the detector for domains that imitate a protected
// brand: typos of its name (omission, insertion, repetition, replacement,
// keyboard slips, transposition, vowel swap, addition, hyphenation,
// bitsquatting), homoglyphs and IDN homographs (Unicode TR39 skeletons),
// the brand's name on another top-level domain, the name with other words
// (combosquatting), in a subdomain of another domain (or of a shared
// platform such as zendesk.com or github.io), cut by a dot, or only in the
// path of a link (which weighs little in a review or blog path).
//
// Each domain is compared with the brands directly: its name label is
// looked up as it is, as its skeleton and with its lookalike letters
// folded, then compared with every brand token of a similar length by
// Damerau-Levenshtein distance with an early exit, then searched for the
// tokens. No list of permutations is generated. How far a name may be from
// a token grows with the token's length (short names such as "dhl" are only
// matched exactly, next to a word such as "parcel"), official domains and
// their subdomains are never flagged, and an allowlist of popular unrelated
// domains ("alibris.com", "express.com") is data, with the brands, in
// rules/brands/.
//
// Which techniques count, and how much, is data too: signal rules in the
// rule set (layer "lookalike"), one per technique.
package lookalike

import (
	"context"
	"slices"
	"strings"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/extract"
	"github.com/scamcheck/scamcheck/pkg/rules"
)

// Ensure the Detector satisfies the interface at compile time.
var _ detect.Detector = (*Detector)(nil)

// The techniques this detector tells apart; each is the signal of one rule.
const (
	SignalOmission      = "omission"
	SignalInsertion     = "insertion"
	SignalRepetition    = "repetition"
	SignalReplacement   = "replacement"
	SignalKeyboard      = "keyboard"
	SignalTransposition = "transposition"
	SignalVowelSwap     = "vowel-swap"
	SignalAddition      = "addition"
	SignalHyphenation   = "hyphenation"
	SignalBitsquatting  = "bitsquatting"
	SignalMisspelling   = "misspelling"
	SignalHomoglyph     = "homoglyph"
	SignalTLDSwap       = "tld-swap"
	SignalCombosquat    = "combosquat"
	SignalSubdomain     = "subdomain"
	SignalSplit         = "split"
	SignalPath          = "path"
	SignalPathReview    = "path-review"
)

// Signals lists the signal names rules may use with this detector.
var Signals = []string{SignalOmission, SignalInsertion, SignalRepetition, SignalReplacement,
	SignalKeyboard, SignalTransposition, SignalVowelSwap, SignalAddition, SignalHyphenation,
	SignalBitsquatting, SignalMisspelling, SignalHomoglyph, SignalTLDSwap, SignalCombosquat,
	SignalSubdomain, SignalSplit, SignalPath, SignalPathReview}

// Detector judges every link of a document against the protected brands.
// It is immutable after New and safe for concurrent use.
type Detector struct {
	m     *Matcher
	rules map[string]rules.Rule // signal -> rule
}

// New builds the detector from the signal rules of set that name one of
// Signals, and the brands of cat (the built-in brands when cat is nil).
func New(set *rules.Set, cat *Catalog) (*Detector, error) {
	if cat == nil {
		var err error
		if cat, err = Default(); err != nil {
			return nil, err
		}
	}
	d := &Detector{m: NewMatcher(cat), rules: map[string]rules.Rule{}}
	for _, r := range set.Rules {
		if slices.Contains(Signals, r.Signal) {
			d.rules[r.Signal] = r
		}
	}
	return d, nil
}

// Matcher returns the brand matcher the detector uses.
func (d *Detector) Matcher() *Matcher { return d.m }

// Name returns "lookalike".
func (d *Detector) Name() string { return "lookalike" }

// Detect reports each link that imitates a brand, once per host and
// technique.
func (d *Detector) Detect(ctx context.Context, doc *detect.Document) ([]detect.Finding, error) {
	if len(doc.URLs) == 0 || len(d.rules) == 0 {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []detect.Finding
	seen := map[string]bool{}
	for ui := range doc.URLs {
		u := &doc.URLs[ui]
		f, ok := d.check(u)
		if !ok || seen[f.ID+" "+u.Host] {
			continue
		}
		seen[f.ID+" "+u.Host] = true
		f.URL, f.Start, f.End = ui, u.Start, u.End
		out = append(out, f)
	}
	return out, nil
}

// Match returns what u imitates, for reports that show the brand, the
// technique and the distance of a flagged link.
func (d *Detector) Match(u *extract.URL) (Match, bool) {
	if u.IP || u.Host == "" {
		return Match{}, false
	}
	m, ok := d.m.MatchURL(u.Host, u.Path)
	if !ok {
		return Match{}, false
	}
	if _, has := d.rules[m.Technique]; !has {
		return Match{}, false
	}
	return m, true
}

// Check returns the finding for one URL, for callers that judge URLs one
// by one.
func (d *Detector) Check(u *extract.URL) []detect.Finding {
	if f, ok := d.check(u); ok {
		return []detect.Finding{f}
	}
	return nil
}

func (d *Detector) check(u *extract.URL) (detect.Finding, bool) {
	m, ok := d.Match(u)
	if !ok {
		return detect.Finding{}, false
	}
	r := d.rules[m.Technique]
	msg := strings.NewReplacer("{brand}", m.Brand, "{official}", m.Official).Replace(r.Message)
	return detect.Finding{
		ID: r.ID, Layer: r.Layer, Points: r.Points, Message: msg,
		Evidence: detect.Clip(m.Evidence(), 200), URL: 0, Word: -1, EndWord: -1,
	}, true
}
