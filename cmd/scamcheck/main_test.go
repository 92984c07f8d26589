package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildBinary builds scamcheck into a temporary folder.
func buildBinary(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "scamcheck")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestBinaryEndToEnd runs the built binary the way users do: exit codes,
// stdin, NO_COLOR.
func TestBinaryEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	tests := []struct {
		name     string
		args     []string
		stdin    string
		env      []string
		wantCode int
		wantOut  string
	}{
		{"safe argument", []string{"check", "--offline", "hello"}, "", nil, 0, "SAFE"},
		{"suspicious link", []string{"check", "https://aliexpress.com@evil-shop.top/login"}, "", nil, 1, "url.userinfo"},
		{"stdin pipe", []string{"check", "--format", "ndjson"}, "See you at six", nil, 0, `"verdict":"safe"`},
		{"empty stdin", []string{"check"}, "", nil, 65, "input is empty"},
		{"no color", []string{"check", "hello"}, "", []string{"NO_COLOR=1"}, 0, "SAFE"},
		{"usage", []string{"check", "--format", "yaml", "x"}, "", nil, 64, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin, tc.args...)
			cmd.Stdin = strings.NewReader(tc.stdin)
			cmd.Env = append(os.Environ(), tc.env...)
			out, _ := cmd.Output()
			if code := cmd.ProcessState.ExitCode(); code != tc.wantCode {
				t.Errorf("exit %d, want %d\n%s", code, tc.wantCode, out)
			}
			if !strings.Contains(string(out), tc.wantOut) {
				t.Errorf("stdout does not contain %q:\n%s", tc.wantOut, out)
			}
			if strings.Contains(string(out), "\x1b[") {
				t.Errorf("color escape in piped output:\n%q", out)
			}
		})
	}
}

// BenchmarkProcessStartup runs `scamcheck check --offline hello` as a new
// process each time: the wall time a user waits for a short check,
// including loading and compiling the rules.
func BenchmarkProcessStartup(b *testing.B) {
	bin := buildBinary(b)
	b.ResetTimer()
	for range b.N {
		cmd := exec.Command(bin, "check", "--offline", "hello")
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
	}
}
