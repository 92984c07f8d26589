package eval

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/scamcheck/scamcheck/pkg/rules"
	"github.com/scamcheck/scamcheck/pkg/scan"
)

// TestLoadFixtures reads small files in the layout of each corpus file.
func TestLoadFixtures(t *testing.T) {
	msgs, err := Load("../../testdata/eval", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		set  string
		scam bool
		text string
	}{
		{"smishtank", true, "Your parcel is held"},
		{"mishra-soni", false, "See you at six"},
		{"mishra-soni", true, "Your account is locked"},
		{"mishra-soni", true, "Free entry"},
		{"uci", false, "Ok lar"},
		{"uci", true, "WINNER!"},
		{"spamhunter", true, "Earn 500 per day"},
	}
	if len(msgs) != len(want) {
		t.Fatalf("%d messages, want %d: %+v", len(msgs), len(want), msgs)
	}
	for i, w := range want {
		m := msgs[i]
		if m.Set != w.set || m.Scam != w.scam || !strings.HasPrefix(m.Text, w.text) {
			t.Errorf("message %d = %+v, want %+v", i, m, w)
		}
	}
	only, err := Load("../../testdata/eval", []string{"uci"})
	if err != nil || len(only) != 2 {
		t.Errorf("Load(uci) = %d messages, %v", len(only), err)
	}
}

func TestLoadMissingFolder(t *testing.T) {
	if _, err := Load("../../testdata/eval/nope", nil); !errors.Is(err, ErrNoCorpus) {
		t.Errorf("err = %v, want ErrNoCorpus", err)
	}
}

func TestRunAndSummarise(t *testing.T) {
	msgs, err := Load("../../testdata/eval", nil)
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.Load(rules.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scan.New(set)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := Run(context.Background(), sc, msgs)
	if err != nil {
		t.Fatal(err)
	}
	stats := Summarise(outs)
	var b strings.Builder
	WriteReport(&b, stats)
	for _, want := range []string{"smishtank", "mishra-soni", "recall (scam/spam judged not safe)", "false positives on legitimate"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
	for _, s := range stats {
		if !s.Scam && s.NotSafe != 0 {
			t.Errorf("legitimate fixture in %s judged not safe", s.Set)
		}
	}
}
