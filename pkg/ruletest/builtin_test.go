package ruletest_test

import (
	"context"
	"testing"

	"github.com/scamcheck/scamcheck/pkg/rules"
	"github.com/scamcheck/scamcheck/pkg/ruletest"
	"github.com/scamcheck/scamcheck/pkg/scan"
)

// TestBuiltinExamples runs the match and no_match examples of every
// built-in rule and combination through the whole pipeline.
func TestBuiltinExamples(t *testing.T) {
	set, err := rules.Load(rules.Embedded())
	if err != nil {
		t.Fatalf("built-in rules do not load:\n%v", err)
	}
	for _, p := range ruletest.Validate(set) {
		t.Error(p)
	}
	sc, err := scan.New(set)
	if err != nil {
		t.Fatal(err)
	}
	fails, n, err := ruletest.Run(context.Background(), sc, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fails {
		t.Error(f.String())
	}
	if n.Examples == 0 {
		t.Fatal("no examples ran")
	}
	t.Logf("%d rules and combinations, %d examples", n.Rules, n.Examples)
}

// TestLayersHaveEnoughRules checks that every message layer has at least
// eight distinct rules.
func TestLayersHaveEnoughRules(t *testing.T) {
	set, err := rules.Load(rules.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, r := range set.Rules {
		count[r.Layer]++
	}
	for _, l := range []string{"payment", "customs", "task", "phishing", "pressure", "toogood"} {
		if count[l] < 8 {
			t.Errorf("layer %s has %d rules, want at least 8", l, count[l])
		}
	}
}
