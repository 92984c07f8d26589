package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/scamcheck/scamcheck/pkg/iostreams"
	"github.com/scamcheck/scamcheck/pkg/report"
	"github.com/scamcheck/scamcheck/pkg/scan"
)

func TestURLsExitCodes(t *testing.T) {
	tests := []struct {
		name       string
		stdin      string
		args       []string
		wantCode   int
		wantOut    string
		wantErrOut string
	}{
		{"safe", "", []string{"urls", "https://www.aliexpress.com/item/1.html"}, ExitSafe, `"verdict":"safe"`, "1 lines"},
		{"suspicious", "", []string{"urls", "aliexpres.com"}, ExitSuspicious, `"technique":"omission"`, "1 suspicious"},
		{"scam", "", []string{"urls", "http://aliexpress.com@aliexpres.top/login"}, ExitScam, `"verdict":"scam"`, ""},
		{"fail-on scam", "", []string{"urls", "--fail-on", "scam", "aliexpres.com"}, ExitSafe, "", ""},
		{"fail-on never", "", []string{"urls", "--fail-on", "never", "http://aliexpress.com@aliexpres.top/login"}, ExitSafe, "", ""},
		{"stdin", "google.com\n\n# x\naliexpres.com\n", []string{"urls"}, ExitSuspicious, `"line":4`, "2 lines"},
		{"bad line keeps going", "not a url\ngoogle.com\n", []string{"urls"}, ExitSafe, `"error":"not a URL or domain"`, "1 bad lines"},
		{"missing file", "", []string{"urls", "-f", "nope.txt", "-f", "-"}, ExitInput, `"error":"open nope.txt: no such file or directory"`, "could not be read"},
		{"only scam", "google.com\nhttp://aliexpress.com@aliexpres.top/login\n", []string{"urls", "--only", "scam"}, ExitScam, `"line":2`, ""},
		{"quiet", "google.com\n", []string{"urls", "-q"}, ExitSafe, "", ""},
		{"bad format", "", []string{"urls", "--format", "xml", "x.com"}, ExitUsage, "", `unknown format "xml"`},
		{"bad only", "", []string{"urls", "--only", "safe", "x.com"}, ExitUsage, "", "--only"},
		{"bad column", "", []string{"urls", "--column", "0", "-f", "-"}, ExitUsage, "", "numbers start at 1"},
		{"column with args", "", []string{"urls", "--column", "url", "x.com"}, ExitUsage, "", "not to arguments"},
		{"args and files", "", []string{"urls", "-f", "-", "x.com"}, ExitUsage, "", "not both"},
		{"jobs", "", []string{"urls", "--jobs", "-1", "x.com"}, ExitUsage, "", "--jobs"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tc.stdin, tc.args...)
			if code != tc.wantCode {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.wantCode, out, errOut)
			}
			if !strings.Contains(out, tc.wantOut) {
				t.Errorf("stdout does not contain %q:\n%s", tc.wantOut, out)
			}
			if !strings.Contains(errOut, tc.wantErrOut) {
				t.Errorf("stderr does not contain %q:\n%s", tc.wantErrOut, errOut)
			}
		})
	}
	t.Run("only hides lower verdicts", func(t *testing.T) {
		_, out, _ := runCLI(t, "google.com\naliexpres.com\n", "urls", "--only", "scam")
		if out != "" {
			t.Errorf("stdout: %s", out)
		}
	})
	t.Run("quiet has no summary", func(t *testing.T) {
		_, _, errOut := runCLI(t, "google.com\n", "urls", "--quiet")
		if errOut != "" {
			t.Errorf("stderr: %s", errOut)
		}
	})
}

func TestURLsFormats(t *testing.T) {
	in := "aliexpres.com\nnot a url\nhttps://www.aliexpress.com/item/1.html\n"
	_, out, _ := runCLI(t, in, "urls", "--format", "json")
	var arr []scan.URLRecord
	if err := json.Unmarshal([]byte(out), &arr); err != nil || len(arr) != 3 || arr[1].Error == "" || arr[0].Brand != "AliExpress" {
		t.Errorf("json: %v %+v\n%s", err, arr, out)
	}
	_, out, _ = runCLI(t, "", "urls", "--format", "json", "--only", "scam", "google.com")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("empty json: %q", out)
	}
	_, out, _ = runCLI(t, in, "urls", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 4 || strings.Join(rows[0], ",") != strings.Join(report.URLColumns, ",") || rows[1][6] != "suspicious" {
		t.Errorf("csv: %v %q", err, rows)
	}
	_, out, _ = runCLI(t, in, "urls", "--format", "text")
	if !strings.Contains(out, "VERDICT") || !strings.Contains(out, "lookalike.omission") || strings.Contains(out, "\x1b[") {
		t.Errorf("text:\n%s", out)
	}
}

func TestURLsTerminal(t *testing.T) {
	// stdout a terminal: text table with colors by default.
	ios, out, _ := iostreams.Test("")
	ios.SetTTY(false, true, false)
	code := Execute(context.Background(), &Factory{IO: ios}, "test", []string{"urls", "aliexpres.com"})
	if code != ExitSuspicious || !strings.Contains(out.String(), "VERDICT") || !strings.Contains(out.String(), "\x1b[") {
		t.Errorf("exit %d:\n%q", code, out.String())
	}
	// stdin a terminal with no argument: usage error.
	ios, _, errOut := iostreams.Test("")
	ios.SetTTY(true, true, true)
	if code := Execute(context.Background(), &Factory{IO: ios}, "test", []string{"urls"}); code != ExitUsage {
		t.Errorf("exit %d: %s", code, errOut)
	}
	// stderr a terminal, stdout a pipe, a long input: progress bar.
	ios, _, errOut = iostreams.Test(strings.Repeat("google.com\n", 500))
	ios.SetTTY(false, false, true)
	Execute(context.Background(), &Factory{IO: ios}, "test", []string{"urls"})
	if !strings.Contains(errOut.String(), "scanning") {
		t.Errorf("no progress bar on stderr: %q", errOut.String())
	}
	// ... never with --quiet.
	ios, _, errOut = iostreams.Test(strings.Repeat("google.com\n", 500))
	ios.SetTTY(false, false, true)
	Execute(context.Background(), &Factory{IO: ios}, "test", []string{"urls", "--quiet"})
	if errOut.Len() != 0 {
		t.Errorf("stderr with --quiet: %q", errOut.String())
	}
}

func TestURLsInterrupted(t *testing.T) {
	ios, _, errOut := iostreams.Test("google.com\n")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	code := Execute(ctx, &Factory{IO: ios}, "test", []string{"urls"})
	if code != ExitInterrupted || !strings.Contains(errOut.String(), "interrupted") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}
