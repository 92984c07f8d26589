package age_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/detect/age"
	"github.com/scamcheck/scamcheck/pkg/regdate"
	"github.com/scamcheck/scamcheck/pkg/rules"
	"github.com/scamcheck/scamcheck/pkg/scan"
)

var now = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// fake is the fixed table of example domains the rules' examples use.
type fake struct{ calls atomic.Int64 }

func (f *fake) Date(_ context.Context, d string) regdate.Result {
	f.calls.Add(1)
	days := map[string]int{"ali-deals-outlet.top": 6, "discount-store-2026.shop": 120, "old-family-shop.com": 4000}
	if n, ok := days[d]; ok {
		return regdate.Result{Domain: d, Registered: now.AddDate(0, 0, -n), Source: regdate.SourceRDAP}
	}
	return regdate.Result{Domain: d, Err: "WHOIS server timed out"}
}

func scanner(t *testing.T, dates age.Dates) *scan.Scanner {
	t.Helper()
	set, err := rules.Load(rules.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	s, err := scan.NewOnline(set, nil, dates)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRuleExamples runs the age rules' examples against the fixed table.
func TestRuleExamples(t *testing.T) {
	set, err := rules.Load(rules.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	s, _ := scan.NewOnline(set, nil, &fake{})
	n := 0
	for _, r := range set.Rules {
		if r.Layer != "age" {
			continue
		}
		for _, ex := range append(append([]string{}, r.Examples.Match...), r.Examples.NoMatch...) {
			want := strings.Contains(strings.Join(r.Examples.Match, "\n"), ex)
			res, err := s.CheckText(context.Background(), "ex", detect.KindText, ex)
			if err != nil {
				t.Fatal(err)
			}
			got := false
			for _, f := range res.Reasons {
				got = got || f.ID == r.ID
			}
			_ = now
			if got != want {
				t.Errorf("%s: %q fired=%v want %v (%v)", r.ID, ex, got, want, res.Reasons)
			}
			n++
		}
	}
	if n < 8 {
		t.Fatalf("only %d examples", n)
	}
}

func TestScoringAndJSON(t *testing.T) {
	f := &fake{}
	set, _ := rules.Load(rules.Embedded())
	d := age.New(set, nil, f, func() time.Time { return now })
	fd, _ := d.Finding(f.Date(context.Background(), "ali-deals-outlet.top"))
	if fd.ID != "age.registered-days" || fd.Points < 30 || !strings.Contains(fd.Message, "6 days ago, on 2026-11-16") {
		t.Fatalf("%+v", fd)
	}
	fo, _ := d.Finding(f.Date(context.Background(), "old-family-shop.com"))
	if fo.Points != 0 || !strings.Contains(fo.Message, "years ago") {
		t.Fatalf("%+v", fo)
	}
	fu, _ := d.Finding(f.Date(context.Background(), "x.xyz"))
	if fu.Points != 0 || !strings.Contains(fu.Message, "unknown: WHOIS server timed out") {
		t.Fatalf("%+v", fu)
	}
}

// TestOfflineNoLookup: offline (no source) nothing is looked up, and
// official or allowlisted domains are never looked up online.
func TestOfflineNoLookup(t *testing.T) {
	s := scanner(t, nil)
	res, _ := s.CheckText(context.Background(), "x", detect.KindText, "pay at https://ali-deals-outlet.top/pay")
	for _, r := range res.Reasons {
		if r.Layer == "age" {
			t.Fatal("age finding offline")
		}
	}
	if res.URLs[0].AgeSource != "" || res.URLs[0].AgeError != "" {
		t.Fatal("age info offline")
	}
	f := &fake{}
	s = scanner(t, f)
	_, _ = s.CheckText(context.Background(), "x", detect.KindText, "https://www.aliexpress.com/item/1.html and https://google.com")
	if f.calls.Load() != 0 {
		t.Fatalf("%d lookups of official/allowlisted domains", f.calls.Load())
	}
	res, _ = s.CheckText(context.Background(), "x", detect.KindText, "https://ali-deals-outlet.top/x")
	if res.URLs[0].AgeDays == nil || res.URLs[0].AgeSource != "rdap" || res.URLs[0].Registered == "" {
		t.Fatalf("%+v", res.URLs[0])
	}
}
