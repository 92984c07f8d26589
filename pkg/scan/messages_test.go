package scan_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/rules"
	"github.com/scamcheck/scamcheck/pkg/scan"
	"github.com/scamcheck/scamcheck/pkg/verdict"
)

// messageCase is one entry of testdata/messages/cases.yaml.
type messageCase struct {
	File    string   `yaml:"file"`
	Verdict string   `yaml:"verdict"`
	Layers  []string `yaml:"layers"`
	IDs     []string `yaml:"ids"`
}

// TestMessages checks the verdicts on real-looking messages in five
// languages: scams of every layer, and everyday messages that must stay
// safe (a real AliExpress order notice, AliExpress's own safety warning,
// chat, a one-time code, a real courier notice).
func TestMessages(t *testing.T) {
	dir := "../../testdata/messages"
	data, err := os.ReadFile(filepath.Join(dir, "cases.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []messageCase
	if err := yaml.Unmarshal(data, &cases); err != nil {
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
	for _, tc := range cases {
		t.Run(tc.File, func(t *testing.T) {
			text, err := os.ReadFile(filepath.Join(dir, tc.File))
			if err != nil {
				t.Fatal(err)
			}
			res, err := sc.CheckText(context.Background(), tc.File, detect.KindText, string(text))
			if err != nil {
				t.Fatal(err)
			}
			var ids, layers []string
			for _, r := range res.Reasons {
				ids = append(ids, r.ID)
				layers = append(layers, r.Layer)
			}
			if res.Verdict != verdict.Verdict(tc.Verdict) {
				t.Errorf("verdict %s (score %d), want %s; reasons %v", res.Verdict, res.Score, tc.Verdict, ids)
			}
			for _, l := range tc.Layers {
				if !slices.Contains(layers, l) {
					t.Errorf("no finding in layer %s; reasons %v", l, ids)
				}
			}
			for _, id := range tc.IDs {
				if !slices.Contains(ids, id) {
					t.Errorf("no finding %s; reasons %v", id, ids)
				}
			}
			for _, r := range res.Reasons {
				if r.Evidence == "" {
					t.Errorf("finding %s has no evidence", r.ID)
				}
			}
		})
	}
}
