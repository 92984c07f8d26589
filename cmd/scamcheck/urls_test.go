package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

type urlRecord struct {
	Source  string `json:"source"`
	Line    int    `json:"line"`
	Input   string `json:"input"`
	Domain  string `json:"domain"`
	Verdict string `json:"verdict"`
	Error   string `json:"error"`
}

func runBin(t *testing.T, bin, stdin string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, offline(args)...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	_ = cmd.Run()
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

func ndjson(t *testing.T, s string) []urlRecord {
	t.Helper()
	var recs []urlRecord
	dec := json.NewDecoder(strings.NewReader(s))
	for dec.More() {
		var r urlRecord
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("ndjson: %v\n%s", err, s)
		}
		recs = append(recs, r)
	}
	for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if l != "" && !json.Valid([]byte(l)) {
			t.Fatalf("line is not one JSON object: %q", l)
		}
	}
	return recs
}

// TestURLsEndToEnd runs `scamcheck urls` the way scripts do.
func TestURLsEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}

	t.Run("order and exit codes", func(t *testing.T) {
		var b strings.Builder
		for i := 1; i <= 20000; i++ {
			switch i % 5 {
			case 0:
				fmt.Fprintf(&b, "https://shop%d.example.com/item\n", i)
			case 1:
				fmt.Fprintf(&b, "aliexpres.com/%d\n", i)
			default:
				fmt.Fprintf(&b, "www.site%d.com\n", i)
			}
		}
		code, out, errOut := runBin(t, bin, b.String(), "urls", "--offline", "--jobs", "4")
		recs := ndjson(t, out)
		if code != 1 || len(recs) != 20000 {
			t.Fatalf("exit %d, %d records\n%s", code, len(recs), errOut)
		}
		for i, r := range recs {
			if r.Line != i+1 {
				t.Fatalf("record %d has line %d", i, r.Line)
			}
		}
		if !strings.Contains(errOut, "20000 lines") || !strings.Contains(errOut, "cached") {
			t.Errorf("summary: %s", errOut)
		}
		if code, _, _ := runBin(t, bin, "", "urls", "--fail-on", "scam", "aliexpres.com"); code != 0 {
			t.Errorf("--fail-on scam: exit %d", code)
		}
		if code, _, _ := runBin(t, bin, "", "urls", "http://aliexpress.com@aliexpres.top/login"); code != 2 {
			t.Errorf("scam: exit %d", code)
		}
		if code, _, _ := runBin(t, bin, "", "urls", "--format", "yaml", "x.com"); code != 64 {
			t.Errorf("usage: exit %d", code)
		}
	})

	t.Run("formats", func(t *testing.T) {
		in := "aliexpres.com\nnot a url\nhttps://www.aliexpress.com/item/1.html\n"
		_, out, _ := runBin(t, bin, in, "urls", "--format", "csv")
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil || len(rows) != 4 || rows[0][0] != "source" || rows[1][6] != "suspicious" || rows[2][12] == "" || rows[3][6] != "safe" {
			t.Errorf("csv: %v %q", err, rows)
		}
		_, out, _ = runBin(t, bin, in, "urls", "--format", "json")
		var arr []urlRecord
		if err := json.Unmarshal([]byte(out), &arr); err != nil || len(arr) != 3 {
			t.Errorf("json: %v\n%s", err, out)
		}
		_, out, _ = runBin(t, bin, in, "urls", "--format", "text")
		if !strings.Contains(out, "VERDICT") || !strings.Contains(out, "aliexpres.com") || strings.Contains(out, "\x1b[") {
			t.Errorf("text:\n%s", out)
		}
		_, out, _ = runBin(t, bin, in, "urls")
		if recs := ndjson(t, out); len(recs) != 3 || recs[1].Error != "not a URL or domain" {
			t.Errorf("ndjson default on a pipe: %+v", recs)
		}
	})

	t.Run("CRLF, BOM, 10 MB line, missing file", func(t *testing.T) {
		crlf := write("crlf.txt", "\xEF\xBB\xBFaliexpres.com\r\n\r\n# comment\r\ngoogle.com\r\n")
		long := write("long.txt", "one.com\n"+strings.Repeat("x", 10<<20)+"\ntwo.com\n")
		code, out, errOut := runBin(t, bin, "", "urls", "-f", crlf, "-f", filepath.Join(dir, "nope.txt"), "-f", long)
		recs := ndjson(t, out)
		if code != 65 || len(recs) != 6 {
			t.Fatalf("exit %d, %d records: %+v\n%s", code, len(recs), recs, errOut)
		}
		if recs[0].Input != "aliexpres.com" || recs[0].Verdict != "suspicious" || recs[1].Line != 4 || recs[1].Domain != "google.com" {
			t.Errorf("CRLF/BOM file: %+v", recs[:2])
		}
		if !strings.Contains(recs[2].Error, "no such file") || !strings.Contains(errOut, "nope.txt") {
			t.Errorf("missing file: %+v\n%s", recs[2], errOut)
		}
		if recs[3].Input != "one.com" || !strings.Contains(recs[4].Error, "line too long") || len(recs[4].Input) > 300 || recs[5].Input != "two.com" {
			t.Errorf("long line file: %+v", recs[3:])
		}
	})

	t.Run("SIGINT", func(t *testing.T) {
		cmd := exec.Command(bin, "urls", "--offline", "--format", "ndjson")
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Feed lines and read their records, then interrupt while the
		// command waits for more input.
		go func() {
			for i := range 1000 {
				fmt.Fprintf(stdin, "site%d.com\n", i)
			}
		}()
		r := bufio.NewReader(stdout)
		got := 0
		deadline := time.Now().Add(10 * time.Second)
		for got < 1000 && time.Now().Before(deadline) {
			if _, err := r.ReadString('\n'); err != nil {
				break
			}
			got++
		}
		if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		rest, _ := io.ReadAll(r)
		_ = cmd.Wait()
		stdin.Close()
		if code := cmd.ProcessState.ExitCode(); code != 130 {
			t.Errorf("exit %d, want 130\n%s", code, errOut.String())
		}
		if got != 1000 || (len(rest) > 0 && rest[len(rest)-1] != '\n') {
			t.Errorf("%d records before the signal, rest %q", got, rest)
		}
		if !strings.Contains(errOut.String(), "interrupted") {
			t.Errorf("summary: %s", errOut.String())
		}
	})
}
