// Package phrases is the detector for the message layers (off-platform
// payment, customs fees, task scams, phishing bait, pressure, too good to be
// true): every pattern rule of the rule set is compiled into one matcher and
// the text is matched once.
package phrases

import (
	"context"
	"errors"
	"fmt"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/phrase"
	"github.com/scamcheck/scamcheck/pkg/rules"
)

// Ensure the Detector satisfies the interface at compile time.
var _ detect.Detector = (*Detector)(nil)

// maxEvidence bounds the evidence shown for one finding, in bytes.
const maxEvidence = 200

// Detector matches the pattern rules of a rule set.
// It is immutable after New and safe for concurrent use.
type Detector struct {
	rules   []rules.Rule // pattern rules, by spec index
	index   map[string]int
	matcher *phrase.Matcher
}

// New compiles the pattern rules of set.
func New(set *rules.Set) (*Detector, error) {
	d := &Detector{index: make(map[string]int)}
	var specs []phrase.Spec
	for _, r := range set.Rules {
		if len(r.Patterns) == 0 {
			continue
		}
		d.index[r.ID] = len(d.rules)
		d.rules = append(d.rules, r)
		specs = append(specs, phrase.Spec{Patterns: r.Patterns, Except: r.Except})
	}
	m, err := phrase.Compile(specs)
	var ce phrase.CompileError
	if errors.As(err, &ce) {
		le := &rules.LoadError{}
		for _, pe := range ce {
			r := &d.rules[pe.Spec]
			file, line := r.PatternSource(pe.Except, pe.Index)
			le.Problems = append(le.Problems, rules.Problem{File: file, Line: line, Msg: fmt.Sprintf("rule %s: %v", r.ID, pe)})
		}
		return nil, le
	}
	if err != nil {
		return nil, fmt.Errorf("compile phrase rules: %w", err)
	}
	d.matcher = m
	return d, nil
}

// Name returns "phrases".
func (d *Detector) Name() string { return "phrases" }

// Detect returns one finding per rule that matched and whose conditions
// hold, with the first qualifying match as evidence.
func (d *Detector) Detect(ctx context.Context, doc *detect.Document) ([]detect.Finding, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if doc.Norm == nil {
		return nil, nil
	}
	hits := d.matcher.Match(doc.Norm)
	if len(hits) == 0 {
		return nil, nil
	}
	// Hits come ordered by spec; group them.
	bySpec := make(map[int][]phrase.Hit)
	var order []int
	for _, h := range hits {
		if _, ok := bySpec[h.Spec]; !ok {
			order = append(order, h.Spec)
		}
		bySpec[h.Spec] = append(bySpec[h.Spec], h)
	}
	// First the rules without "near", then those that depend on others.
	fired := make(map[string][]phrase.Hit)
	var out []detect.Finding
	for pass := 0; pass < 2; pass++ {
		for _, si := range order {
			r := &d.rules[si]
			if (r.Near != nil) != (pass == 1) {
				continue
			}
			if !requirementsHold(r, doc) {
				continue
			}
			hs := bySpec[si]
			if r.Near != nil {
				hs = nearHits(hs, r.Near, fired)
				if len(hs) == 0 {
					continue
				}
			}
			fired[r.ID] = hs
			out = append(out, d.finding(r, hs[0], doc))
		}
	}
	return out, nil
}

// requirementsHold checks a rule's "requires" features.
func requirementsHold(r *rules.Rule, doc *detect.Document) bool {
	for _, f := range r.Requires {
		if !doc.Has(f) {
			return false
		}
	}
	return true
}

// nearHits keeps the hits that have a hit of one of the near rules within
// the allowed distance in words.
func nearHits(hs []phrase.Hit, n *rules.Near, fired map[string][]phrase.Hit) []phrase.Hit {
	var out []phrase.Hit
	for _, h := range hs {
		for _, id := range n.Rules {
			if anyWithin(h, fired[id], n.Words) {
				out = append(out, h)
				break
			}
		}
	}
	return out
}

func anyWithin(h phrase.Hit, others []phrase.Hit, words int) bool {
	for _, o := range others {
		gap := 0
		switch {
		case o.Start > h.End:
			gap = o.Start - h.End
		case h.Start > o.End:
			gap = h.Start - o.End
		}
		if gap <= words {
			return true
		}
	}
	return false
}

// finding builds the finding for rule r from hit h.
func (d *Detector) finding(r *rules.Rule, h phrase.Hit, doc *detect.Document) detect.Finding {
	t := doc.Norm
	ns, _ := t.WordSpan(h.Start)
	_, ne := t.WordSpan(h.End)
	os, oe := t.OrigSpan(ns, ne)
	return detect.Finding{
		ID: r.ID, Layer: r.Layer, Points: r.Points, Message: r.Message,
		Evidence: detect.Clip(doc.Text[os:oe], maxEvidence),
		URL:      -1, Start: os, End: oe, Word: h.Start, EndWord: h.End,
	}
}
