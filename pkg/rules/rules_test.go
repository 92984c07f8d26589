package rules

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestEmbeddedRulesLoad(t *testing.T) {
	set, err := Load(Embedded())
	if err != nil {
		t.Fatalf("built-in rules:\n%v", err)
	}
	if len(set.Rules) == 0 {
		t.Fatal("no built-in rules")
	}
	if set.Settings.Thresholds.Suspicious <= 0 || set.Settings.Thresholds.Scam <= set.Settings.Thresholds.Suspicious {
		t.Errorf("thresholds %+v", set.Settings.Thresholds)
	}
	for _, r := range set.Rules {
		if r.Source == "" || !strings.Contains(r.Source, ".yaml:") {
			t.Errorf("rule %s has source %q", r.ID, r.Source)
		}
	}
}

func TestBrokenFolderReportsFileAndLine(t *testing.T) {
	src, err := Dir("../../testdata/rules/broken")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Load(Embedded(), src)
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("err = %v, want *LoadError", err)
	}
	want := []string{
		"testdata/rules/broken/bad.yaml:14: rule id \"Payment.Upper\": want lowercase words joined by dots",
		"testdata/rules/broken/bad.yaml:23: rule payment.no-examples: points 500 out of range -100..100",
		"testdata/rules/broken/bad.yaml:23: rule payment.no-examples: message is empty",
		"testdata/rules/broken/bad.yaml:23: rule payment.no-examples: unknown language \"xx\"",
		"testdata/rules/broken/bad.yaml:23: rule payment.no-examples: requires unknown feature \"cash\"",
		"testdata/rules/broken/bad.yaml:23: rule payment.no-examples: needs at least one example that matches",
		"testdata/rules/broken/typo.yaml:5: field pattern not found in type rules.Rule",
	}
	got := err.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing problem:\n  %s\nin:\n%s", w, got)
		}
	}
}

func TestUserFolderOverridesAndDisables(t *testing.T) {
	src, err := Dir("../../testdata/rules/good")
	if err != nil {
		t.Fatal(err)
	}
	set, err := Load(Embedded(), src)
	if err != nil {
		t.Fatal(err)
	}
	r, ok := set.Rule("payment.zelle")
	if !ok {
		t.Fatal("user rule payment.zelle not loaded")
	}
	if !strings.HasSuffix(r.Source, "testdata/rules/good/zelle.yaml:4") {
		t.Errorf("source = %q", r.Source)
	}
	if got := r.ExampleSource(true, 1); !strings.HasSuffix(got, "zelle.yaml:14") {
		t.Errorf("example source = %q", got)
	}
	if _, ok := set.Rule("url.port"); ok {
		t.Error("url.port should be disabled by the user folder")
	}
}

func TestDirErrors(t *testing.T) {
	if _, err := Dir("../../testdata/rules/does-not-exist"); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing folder: err = %v", err)
	}
	if _, err := Dir("rules.go"); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("file as folder: err = %v", err)
	}
}
