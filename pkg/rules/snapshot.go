package rules

import (
	"crypto/sha256"
	"slices"
)

// The embedded rule files are also kept decoded, as Go data made by
//
//	go generate ./pkg/rules
//
// in snapshot_gen.go, so that a process does not spend its start-up
// decoding YAML. A file is taken from the snapshot only when the snapshot
// was made from its exact bytes (same SHA-256); any other file, and every
// file of a user folder, is decoded from YAML. TestSnapshot fails when the
// snapshot is stale.

//go:generate go test -run ^TestSnapshot$ . -args -update

// snapshotEntry is one embedded file as decoded: a rule file or the
// verdict file.
type snapshotEntry struct {
	name     string
	sum      [sha256.Size]byte
	rules    *ruleFileData
	settings *settingsData
}

// useSnapshot is cleared by tests that compare with YAML decoding.
var useSnapshot = true

// snapshotFor returns the decoded form of embedded file name when the
// snapshot was made from data: a fresh copy, which the caller may keep.
func snapshotFor(name string, data []byte) (*ruleFileData, *settingsData, bool) {
	if !useSnapshot {
		return nil, nil, false
	}
	for i := range snapshot {
		e := &snapshot[i]
		if e.name != name {
			continue
		}
		if e.sum != sha256.Sum256(data) {
			return nil, nil, false
		}
		if e.settings != nil {
			return nil, cloneSettings(e.settings), true
		}
		return cloneRuleFile(e.rules), nil, true
	}
	return nil, nil, false
}

func cloneRuleFile(d *ruleFileData) *ruleFileData {
	out := &ruleFileData{Layer: d.Layer, Rules: make([]Rule, len(d.Rules)), Lines: make([]ruleLines, len(d.Lines))}
	for i := range d.Rules {
		out.Rules[i] = cloneRule(&d.Rules[i])
	}
	for i, l := range d.Lines {
		out.Lines[i] = ruleLines{Line: l.Line, Patterns: slices.Clone(l.Patterns), Except: slices.Clone(l.Except),
			Match: slices.Clone(l.Match), NoMatch: slices.Clone(l.NoMatch)}
	}
	return out
}

// cloneRule copies r and everything it refers to (TestSnapshotCopies
// checks that no field is shared).
func cloneRule(r *Rule) Rule {
	c := *r
	c.Languages = slices.Clone(r.Languages)
	c.Patterns = slices.Clone(r.Patterns)
	c.Except = slices.Clone(r.Except)
	c.Requires = slices.Clone(r.Requires)
	if r.Near != nil {
		n := *r.Near
		n.Rules = slices.Clone(n.Rules)
		c.Near = &n
	}
	c.Examples = cloneExamples(r.Examples)
	c.Domains = slices.Clone(r.Domains)
	c.TLDs = slices.Clone(r.TLDs)
	c.PathWords = slices.Clone(r.PathWords)
	c.SkipDomains = slices.Clone(r.SkipDomains)
	c.Extensions = slices.Clone(r.Extensions)
	c.matchLines, c.noMatchLines = slices.Clone(r.matchLines), slices.Clone(r.noMatchLines)
	c.patLines, c.excLines = slices.Clone(r.patLines), slices.Clone(r.excLines)
	return c
}

func cloneExamples(e Examples) Examples {
	return Examples{Match: slices.Clone(e.Match), NoMatch: slices.Clone(e.NoMatch)}
}

func cloneSettings(d *settingsData) *settingsData {
	s := d.Settings
	if s.Layers != nil {
		s.Layers = make(map[string]Layer, len(d.Settings.Layers))
		for k, v := range d.Settings.Layers {
			s.Layers[k] = v
		}
	}
	if s.Advice != nil {
		s.Advice = make(map[string]string, len(d.Settings.Advice))
		for k, v := range d.Settings.Advice {
			s.Advice[k] = v
		}
	}
	if s.Combos != nil {
		s.Combos = make([]Combo, len(d.Settings.Combos))
		for i, c := range d.Settings.Combos {
			c.Layers = slices.Clone(c.Layers)
			c.AnyOf = slices.Clone(c.AnyOf)
			c.Features = slices.Clone(c.Features)
			c.RulesAny = slices.Clone(c.RulesAny)
			c.Unless = slices.Clone(c.Unless)
			c.Examples = cloneExamples(c.Examples)
			s.Combos[i] = c
		}
	}
	return &settingsData{Settings: s, ComboLines: slices.Clone(d.ComboLines)}
}
