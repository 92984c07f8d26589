// Package verdict turns findings into a score and a verdict: points add up
// per layer up to the layer's cap, combinations of layers add their own
// points, and thresholds from the rules data decide safe, suspicious or scam.
package verdict

import (
	"fmt"
	"slices"
	"sort"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/rules"
)

// Verdict is safe, suspicious or scam.
type Verdict string

// The verdicts, from best to worst.
const (
	Safe       Verdict = "safe"
	Suspicious Verdict = "suspicious"
	Scam       Verdict = "scam"
)

// Rank orders verdicts: safe 0, suspicious 1, scam 2. It is also the exit
// code of a run whose worst verdict is v.
func (v Verdict) Rank() int {
	switch v {
	case Suspicious:
		return 1
	case Scam:
		return 2
	}
	return 0
}

// Parse reads a verdict name.
func Parse(s string) (Verdict, error) {
	switch v := Verdict(s); v {
	case Safe, Suspicious, Scam:
		return v, nil
	}
	return "", fmt.Errorf("unknown verdict %q (want safe, suspicious or scam)", s)
}

// Outcome is the decision on one document.
type Outcome struct {
	Verdict Verdict
	Score   int
	// Reasons are the findings plus the combinations that applied, ordered
	// by points (highest first), then id.
	Reasons []detect.Finding
	// Layers lists the layers that fired, highest contribution first.
	Layers []string
}

// Decide scores findings with the settings. has reports whether the
// document has a feature ("url", "money", ...), for combinations.
func Decide(s *rules.Settings, findings []detect.Finding, has func(string) bool) Outcome {
	perLayer := make(map[string]int)
	fired := make(map[string]bool, len(findings))
	for _, f := range findings {
		perLayer[f.Layer] += f.Points
		fired[f.ID] = true
	}
	score := 0
	contrib := make(map[string]int, len(perLayer))
	for layer, pts := range perLayer {
		if l, ok := s.Layers[layer]; ok && l.Cap > 0 && pts > l.Cap {
			pts = l.Cap
		}
		contrib[layer] = pts
		score += pts
	}
	reasons := slices.Clone(findings)
	for _, c := range s.Combos {
		if !comboHolds(c, perLayer, fired, has) {
			continue
		}
		score += c.Points
		reasons = append(reasons, detect.Finding{
			ID: c.ID, Layer: "combination", Points: c.Points, Message: c.Message,
			Evidence: comboEvidence(c), URL: -1, Word: -1, EndWord: -1,
		})
	}
	score = min(max(score, 0), 100)
	sort.SliceStable(reasons, func(i, j int) bool {
		if reasons[i].Points != reasons[j].Points {
			return reasons[i].Points > reasons[j].Points
		}
		return reasons[i].ID < reasons[j].ID
	})
	layers := make([]string, 0, len(contrib))
	for l, p := range contrib {
		if p > 0 {
			layers = append(layers, l)
		}
	}
	sort.Slice(layers, func(i, j int) bool {
		if contrib[layers[i]] != contrib[layers[j]] {
			return contrib[layers[i]] > contrib[layers[j]]
		}
		return layers[i] < layers[j]
	})
	v := Safe
	switch {
	case score >= s.Thresholds.Scam:
		v = Scam
	case score >= s.Thresholds.Suspicious:
		v = Suspicious
	}
	return Outcome{Verdict: v, Score: score, Reasons: reasons, Layers: layers}
}

// comboHolds reports whether a combination applies.
func comboHolds(c rules.Combo, perLayer map[string]int, fired map[string]bool, has func(string) bool) bool {
	if len(c.RulesAny) > 0 && !slices.ContainsFunc(c.RulesAny, func(id string) bool { return fired[id] }) {
		return false
	}
	if slices.ContainsFunc(c.Unless, func(id string) bool { return fired[id] }) {
		return false
	}
	for _, l := range c.Layers {
		if perLayer[l] <= 0 {
			return false
		}
	}
	if len(c.AnyOf) > 0 {
		ok := false
		for _, l := range c.AnyOf {
			if perLayer[l] > 0 {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	for _, f := range c.Features {
		if has == nil || !has(f) {
			return false
		}
	}
	return true
}

// comboEvidence describes what a combination saw.
func comboEvidence(c rules.Combo) string {
	parts := slices.Clone(c.Layers)
	if len(c.AnyOf) > 0 {
		parts = append(parts, "one of "+fmt.Sprint(c.AnyOf))
	}
	for _, f := range c.Features {
		parts = append(parts, f)
	}
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += " + "
		}
		out += p
	}
	return out
}
