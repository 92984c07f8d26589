package verdict

import (
	"testing"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/rules"
)

func settings() *rules.Settings {
	return &rules.Settings{
		Thresholds: rules.Thresholds{Suspicious: 25, Scam: 60},
		Layers: map[string]rules.Layer{
			"customs":  {Cap: 50},
			"pressure": {Cap: 20},
			"url":      {Cap: 30},
		},
		Combos: []rules.Combo{
			{ID: "combo.fee-link", Layers: []string{"customs"}, Features: []string{"url"}, Points: 20, Message: "fee and link"},
			{ID: "combo.fee-pressure", Layers: []string{"customs"}, AnyOf: []string{"pressure", "url"}, Points: 10, Message: "fee under pressure"},
			{ID: "combo.named", Layers: []string{"customs"}, RulesAny: []string{"customs.fee"}, Points: 5, Message: "a named rule"},
		},
	}
}

func f(id, layer string, pts int) detect.Finding {
	return detect.Finding{ID: id, Layer: layer, Points: pts, URL: -1}
}

func TestDecide(t *testing.T) {
	has := func(feats ...string) func(string) bool {
		return func(x string) bool {
			for _, f := range feats {
				if f == x {
					return true
				}
			}
			return false
		}
	}
	tests := []struct {
		name      string
		findings  []detect.Finding
		has       func(string) bool
		wantScore int
		want      Verdict
		wantIDs   []string
	}{
		{"nothing", nil, has(), 0, Safe, nil},
		{"a link alone is not a scam", []detect.Finding{f("url.risky-tld", "url", 10), f("url.login-path", "url", 10)}, has("url"), 20, Safe, nil},
		{"layer cap", []detect.Finding{f("pressure.a", "pressure", 15), f("pressure.b", "pressure", 15)}, has(), 20, Safe, nil},
		{"fee alone suspicious", []detect.Finding{f("customs.held", "customs", 30)}, has(), 30, Suspicious, nil},
		{"fee + link + urgency is a scam", []detect.Finding{f("customs.held", "customs", 30), f("pressure.deadline", "pressure", 10), f("url.risky-tld", "url", 10)}, has("url"),
			80, Scam, []string{"customs.held", "combo.fee-link", "combo.fee-pressure", "pressure.deadline", "url.risky-tld"}},
		{"score capped at 100", []detect.Finding{f("customs.a", "customs", 50), f("url.a", "url", 30), f("pressure.a", "pressure", 20)}, has("url"), 100, Scam, nil},
		{"rules_any needs one of the named rules", []detect.Finding{f("customs.fee", "customs", 30)}, has(), 35, Suspicious, []string{"customs.fee", "combo.named"}},
		{"unknown layer has no cap", []detect.Finding{f("x.a", "x", 70)}, has(), 70, Scam, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := Decide(settings(), tc.findings, tc.has)
			if out.Score != tc.wantScore || out.Verdict != tc.want {
				t.Errorf("score %d verdict %s, want %d %s", out.Score, out.Verdict, tc.wantScore, tc.want)
			}
			if tc.wantIDs != nil {
				var ids []string
				for _, r := range out.Reasons {
					ids = append(ids, r.ID)
				}
				if len(ids) != len(tc.wantIDs) {
					t.Fatalf("reasons %v, want %v", ids, tc.wantIDs)
				}
				for i := range ids {
					if ids[i] != tc.wantIDs[i] {
						t.Errorf("reasons %v, want %v", ids, tc.wantIDs)
						break
					}
				}
			}
		})
	}
}

func TestParseAndRank(t *testing.T) {
	for s, rank := range map[string]int{"safe": 0, "suspicious": 1, "scam": 2} {
		v, err := Parse(s)
		if err != nil || v.Rank() != rank {
			t.Errorf("Parse(%q) = %v, %v (rank %d)", s, v, err, v.Rank())
		}
	}
	if _, err := Parse("bad"); err == nil {
		t.Error("Parse(bad) should fail")
	}
}

// TestUnless: a combination does not hold when a rule of its unless list
// fired (a credit such as a verified official sender), and a negative
// finding lowers its layer's total.
func TestUnless(t *testing.T) {
	s := settings()
	s.Layers["email"] = rules.Layer{Cap: 60}
	s.Combos[0].Unless = []string{"email.official-sender"}
	has := func(x string) bool { return x == "url" }
	base := []detect.Finding{f("customs.fee", "customs", 30)}
	if out := Decide(s, base, has); out.Score != 30+20+5 {
		t.Fatalf("without the credit: %d", out.Score)
	}
	out := Decide(s, append(base, f("email.official-sender", "email", -35)), has)
	if out.Score != 0 || out.Verdict != Safe {
		t.Fatalf("with the credit: %d %s %+v", out.Score, out.Verdict, out.Reasons)
	}
	for _, r := range out.Reasons {
		if r.ID == "combo.fee-link" {
			t.Errorf("combo.fee-link held despite unless")
		}
	}
}
