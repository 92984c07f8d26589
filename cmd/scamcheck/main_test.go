package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
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

// offline adds --offline to a check or urls command line: tests never
// touch the network (TestOfflineOpensNoSocket checks the flag itself).
func offline(args []string) []string {
	if len(args) > 0 && (args[0] == "check" || args[0] == "urls") && !slices.Contains(args, "--offline") {
		return append([]string{args[0], "--offline"}, args[1:]...)
	}
	return args
}

// TestOfflineOpensNoSocket points the RDAP and WHOIS lookups at servers
// the test runs on 127.0.0.1 and counts the connections they receive:
// none with --offline, some without it (so the servers are really asked
// when lookups are on).
func TestOfflineOpensNoSocket(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	var rdapHits, whoisHits atomic.Int32
	rdap := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rdapHits.Add(1)
		http.NotFound(w, r)
	}))
	defer rdap.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			whoisHits.Add(1)
			_, _ = c.Write([]byte("No match for domain.\r\n"))
			c.Close()
		}
	}()
	servers := []string{"--rdap-url", rdap.URL, "--whois-server", ln.Addr().String(), "--no-cache", "--timeout", "2s"}
	for _, cmdline := range [][]string{
		append([]string{"check", "--offline"}, append(servers, "see https://brand-new-shop-example.top/x")...),
		append([]string{"urls", "--offline"}, append(servers, "brand-new-shop-example.top")...),
	} {
		cmd := exec.Command(bin, cmdline...)
		if out, err := cmd.CombinedOutput(); cmd.ProcessState == nil || cmd.ProcessState.ExitCode() > 2 {
			t.Fatalf("%v: %v\n%s", cmdline, err, out)
		}
	}
	if n := rdapHits.Load() + whoisHits.Load(); n != 0 {
		t.Fatalf("--offline made %d connections to the lookup servers", n)
	}
	cmd := exec.Command(bin, append([]string{"check"}, append(servers, "see https://brand-new-shop-example.top/x")...)...)
	out, _ := cmd.CombinedOutput()
	if n := rdapHits.Load() + whoisHits.Load(); n == 0 {
		t.Fatalf("without --offline the lookup servers were never asked:\n%s", out)
	}
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
			cmd := exec.Command(bin, offline(tc.args)...)
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
