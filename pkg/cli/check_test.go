package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scamcheck/scamcheck/pkg/iostreams"
	"github.com/scamcheck/scamcheck/pkg/scan"
)

// runCLI runs scamcheck with args and stdin, and returns the exit code and
// the two output streams.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	ios, out, errOut := iostreams.Test(stdin)
	f := &Factory{IO: ios}
	code := Execute(context.Background(), f, "test", args)
	return code, out.String(), errOut.String()
}

const fixtures = "../../testdata/check/"

func TestCheckExitCodes(t *testing.T) {
	tests := []struct {
		name       string
		stdin      string
		args       []string
		wantCode   int
		wantOut    string
		wantErrOut string
	}{
		{"safe text", "", []string{"check", "See you at the station at 6"}, ExitSafe, "SAFE", ""},
		{"suspicious link", "", []string{"check", "Confirm: https://aliexpress.com@order-check.top/confirm"}, ExitSuspicious, "SUSPICIOUS", ""},
		{"fail-on scam ignores suspicious", "", []string{"check", "--fail-on", "scam", "Confirm: https://aliexpress.com@order-check.top/confirm"}, ExitSafe, "SUSPICIOUS", ""},
		{"fail-on never", "", []string{"check", "--fail-on", "never", "Confirm: https://aliexpress.com@order-check.top/confirm"}, ExitSafe, "SUSPICIOUS", ""},
		{"stdin", "See you at the station at 6", []string{"check"}, ExitSafe, "SAFE  score 0/100  stdin", ""},
		{"stdin dash", "See you at 6", []string{"check", "-f", "-"}, ExitSafe, "stdin", ""},
		{"empty stdin", "", []string{"check"}, ExitInput, "input is empty", "1 of 1 inputs could not be checked"},
		{"blank file", "", []string{"check", "-f", fixtures + "blank.txt"}, ExitInput, "input is empty", ""},
		{"missing file among others", "", []string{"check", "-f", fixtures + "ham.txt", "-f", fixtures + "nope.txt"}, ExitInput, "no such file or directory", "1 of 2 inputs could not be checked"},
		// A folder is read as a mail folder: one result per file, the
		// empty ones as errors of their own.
		{"folder", "", []string{"check", "-f", fixtures}, ExitInput, "SAFE  score 0/100  ../../testdata/check/ham.txt", "2 of 4 inputs could not be checked"},
		{"binary file is still checked", "", []string{"check", "-f", fixtures + "binary.bin"}, ExitSuspicious, "url.ip-host", ""},
		{"bad format", "", []string{"check", "--format", "xml", "hi"}, ExitUsage, "", "unknown format \"xml\""},
		{"bad fail-on", "", []string{"check", "--fail-on", "sometimes", "hi"}, ExitUsage, "", "--fail-on \"sometimes\""},
		{"unknown flag", "", []string{"check", "--frobnicate", "hi"}, ExitUsage, "", "unknown flag: --frobnicate"},
		{"unknown command", "", []string{"chek", "hi"}, ExitUsage, "", "unknown command"},
		{"args and files", "", []string{"check", "-f", fixtures + "ham.txt", "hello"}, ExitUsage, "", "not both"},
		{"stdin twice", "x", []string{"check", "-f", "-", "-f", "-"}, ExitUsage, "", "only once"},
		{"broken rules folder", "", []string{"check", "--rules", "../../testdata/rules/broken", "hi"}, ExitUsage, "", "bad.yaml:9: rule payment.bad-pattern"},
		{"missing rules folder", "", []string{"check", "--rules", "../../testdata/rules/nope", "hi"}, ExitUsage, "", "rules folder"},
		{"user rule", "", []string{"check", "--rules", "../../testdata/rules/good", "just zelle me the money"}, ExitSuspicious, "payment.zelle", ""},
		{"version", "", []string{"--version"}, ExitSafe, "scamcheck test", ""},
		{"brand from the command line", "", []string{"check", "--brand", "mybank.example", "Log in at https://rnybank.example/login"}, ExitScam, "rnybank.example vs mybank.example", ""},
		{"bad brand", "", []string{"check", "--brand", "not a domain", "hi"}, ExitUsage, "", "want a domain such as example.com"},
		{"lookalike of aliexpress", "", []string{"check", "Your order: https://aliexpres.com/order"}, ExitSuspicious, "aliexpres.com vs aliexpress.com", ""},
		{"official aliexpress link is safe", "", []string{"check", "Your order has shipped: https://www.aliexpress.com/p/order/index.html"}, ExitSafe, "SAFE", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tc.stdin, tc.args...)
			if code != tc.wantCode {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.wantCode, out, errOut)
			}
			if !strings.Contains(out, tc.wantOut) {
				t.Errorf("stdout does not contain %q:\n%s", tc.wantOut, out)
			}
			if !strings.Contains(errOut, tc.wantErrOut) {
				t.Errorf("stderr does not contain %q:\n%s", tc.wantErrOut, errOut)
			}
		})
	}
}

// TestBrokenRulesReportEveryProblem checks that a broken rules folder is
// reported at once: problems found while loading and pattern errors found
// while compiling, each as file:line.
func TestBrokenRulesReportEveryProblem(t *testing.T) {
	code, _, errOut := runCLI(t, "", "check", "--rules", "../../testdata/rules/broken", "hi")
	if code != ExitUsage {
		t.Fatalf("exit %d, want %d", code, ExitUsage)
	}
	for _, want := range []string{
		"broken/bad.yaml:9: rule payment.bad-pattern: pattern \"(pay|send ... now\": unclosed group",
		"broken/bad.yaml:14: rule id \"Payment.Upper\"",
		"broken/bad.yaml:23: rule payment.no-examples: points 500 out of range -100..100",
		"broken/bad.yaml:27: rule payment.no-examples: pattern \"pay ~50 me\": gap \"~50\": want ~1 to ~20",
		"broken/typo.yaml:5: field pattern not found in type rules.Rule",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestCheckNDJSONOneObjectPerInput(t *testing.T) {
	code, out, _ := runCLI(t, "", "check", "--format", "ndjson", "-f", fixtures+"ham.txt", "-f", fixtures+"missing.txt", "-f", fixtures+"binary.bin")
	if code != ExitInput {
		t.Errorf("exit %d, want %d", code, ExitInput)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3:\n%s", len(lines), out)
	}
	var got []scan.Result
	for _, l := range lines {
		var r scan.Result
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		got = append(got, r)
	}
	if got[0].Verdict != "safe" || got[0].Error != "" {
		t.Errorf("ham: %+v", got[0])
	}
	if got[1].Error == "" || got[1].Verdict != "" {
		t.Errorf("missing file: %+v", got[1])
	}
	if got[2].Error != "" || len(got[2].URLs) != 1 || !got[2].URLs[0].IP {
		t.Errorf("binary: %+v", got[2])
	}
}

func TestCheckTruncatesLargeInput(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.txt")
	// A scam phrase after the limit must not be seen; the report must say
	// how much was left out.
	body := strings.Repeat("hello there, nothing to see. ", 100) + "Ёж"
	if err := os.WriteFile(p, []byte(body+strings.Repeat("x", 500)), 0o600); err != nil {
		t.Fatal(err)
	}
	ios, out, _ := iostreams.Test("")
	f := &Factory{IO: ios}
	sc, err := f.Scanner()
	if err != nil {
		t.Fatal(err)
	}
	opts := &CheckOptions{IO: ios, Scanner: func() (*scan.Scanner, error) { return sc, nil }, NoColor: func() bool { return true },
		Files: []string{p}, Format: "json", FailOn: "suspicious", MaxBytes: int64(len(body) - 1)}
	if err := checkRun(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	var r scan.Result
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.Truncated == nil || r.Truncated.TotalBytes != int64(len(body)+500) {
		t.Fatalf("truncation = %+v", r.Truncated)
	}
	// The cut fell inside "ж" (2 bytes): it must move back to a rune start.
	if r.Truncated.CheckedBytes != int64(len(body)-2) {
		t.Errorf("checked %d bytes, want %d", r.Truncated.CheckedBytes, len(body)-2)
	}
}

func TestStdinHintOnlyOnTerminal(t *testing.T) {
	ios, _, errOut := iostreams.Test("See you at six")
	ios.SetTTY(true, false, false)
	f := &Factory{IO: ios}
	if code := Execute(context.Background(), f, "test", []string{"check"}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(errOut.String(), "Ctrl-D") {
		t.Errorf("no hint on a terminal: %q", errOut.String())
	}
	_, _, errOut2 := runCLI(t, "See you at six", "check")
	if errOut2 != "" {
		t.Errorf("hint printed on a pipe: %q", errOut2)
	}
}

func TestRulesCommands(t *testing.T) {
	code, out, _ := runCLI(t, "", "rules", "list")
	if code != 0 || !strings.Contains(out, "url.userinfo") || !strings.Contains(out, "LANGUAGES") {
		t.Errorf("rules list: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "", "rules", "list", "--format", "json")
	var rows []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &rows) != nil || len(rows) == 0 {
		t.Errorf("rules list json: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "", "rules", "test", "../../testdata/rules/good")
	if code != 0 || !strings.Contains(out, "1 rules, 3 examples, 0 failed") {
		t.Errorf("rules test good: exit %d\n%s", code, out)
	}
	code, _, errOut := runCLI(t, "", "rules", "test", "../../testdata/rules/broken")
	if code != ExitUsage || !strings.Contains(errOut, "broken/typo.yaml:5:") {
		t.Errorf("rules test broken: exit %d\n%s", code, errOut)
	}
}
