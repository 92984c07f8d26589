package scan_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/input"
	"github.com/scamcheck/scamcheck/pkg/scan"
	"github.com/scamcheck/scamcheck/pkg/verdict"
)

// TestEmailFixtures checks the hand-written messages of testdata/email
// (see its README files) end to end: every legitimate one (legit: the
// everyday kinds and hard cases; legit-modern: today's bank, shop,
// courier, travel and service mail) stays below scam and few are even
// suspicious; every scam is at least suspicious.
func TestEmailFixtures(t *testing.T) {
	sc := benchScanner(t)
	for _, class := range []string{"legit", "legit-modern", "scam"} {
		files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "email", class, "*.eml"))
		if err != nil || len(files) < 25 {
			t.Fatalf("%s fixtures: %d files, %v", class, len(files), err)
		}
		suspicious := 0
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			res := sc.CheckItem(context.Background(), input.FromBytes(f, raw, int64(len(raw))), scan.AsAuto)
			if res.Error != "" || res.Kind != detect.KindEmail {
				t.Errorf("%s: kind %s, error %q", f, res.Kind, res.Error)
				continue
			}
			var ids []string
			for _, r := range res.Reasons {
				ids = append(ids, r.ID)
			}
			switch {
			case class != "scam" && res.Verdict == verdict.Scam:
				t.Errorf("%s: legitimate mail judged scam (%d) by %v", filepath.Base(f), res.Score, ids)
			case class != "scam" && res.Verdict == verdict.Suspicious:
				suspicious++
				t.Logf("%s: suspicious (%d) by %v", filepath.Base(f), res.Score, ids)
			case class == "scam" && res.Verdict == verdict.Safe:
				t.Errorf("%s: scam judged safe (%d) by %v", filepath.Base(f), res.Score, ids)
			}
		}
		// The legitimate set is made of hard cases on purpose (a real
		// duties notice, a quoted scam SMS ...): a few may be suspicious.
		if class != "scam" && suspicious*100 > 15*len(files) {
			t.Errorf("%d of %d legitimate mails judged suspicious", suspicious, len(files))
		}
	}
}

func TestUnwrap(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil.top%2Flogin&data=05%7C01", "https://evil.top/login"},
		{"https://www.google.com/url?q=https://evil.top/x&sa=D", "https://evil.top/x"},
		{"https://urldefense.com/v3/__https://evil.top/login?id=1__;!!abc$", "https://evil.top/login?id=1"},
		{"https://urldefense.proofpoint.com/v2/url?u=https-3A__evil.top_login&d=DwMF", "https://evil.top/login"},
		{"https://www.google.com/search?q=cats", "https://www.google.com/search?q=cats"},
		{"https://example.org/?url=https://x.top", "https://example.org/?url=https://x.top"},
	}
	for _, tt := range tests {
		if got := scan.UnwrapForTest(tt.in); got != tt.want {
			t.Errorf("unwrap(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
