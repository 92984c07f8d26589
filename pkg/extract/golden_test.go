package extract

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/extract")

// dump formats everything found in text, one finding a line.
func dump(text string) string {
	var b strings.Builder
	for _, u := range URLs(text) {
		fmt.Fprintf(&b, "  url %q => %s host=%s unicode=%s domain=%s", u.Raw, u.URL, u.Host, u.HostUnicode, u.Domain)
		if u.Userinfo != "" {
			fmt.Fprintf(&b, " userinfo=%s", u.Userinfo)
		}
		for _, f := range []struct {
			on   bool
			name string
		}{{u.IP, "ip"}, {u.Defanged, "defanged"}, {u.Bare, "bare"}} {
			if f.on {
				b.WriteString(" " + f.name)
			}
		}
		b.WriteByte('\n')
	}
	for _, e := range Entities(text) {
		fmt.Fprintf(&b, "  %s %q => %s", e.Kind, e.Raw, e.Value)
		if e.Detail != "" {
			fmt.Fprintf(&b, " (%s)", e.Detail)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestGolden runs URLs and Entities over the fixture texts and compares
// with testdata/extract/*.golden (go test -run TestGolden -update rewrites them).
func TestGolden(t *testing.T) {
	for _, name := range []string{"sms", "prose"} {
		var b strings.Builder
		for _, line := range loadLines(t, name+".txt") {
			checkURLs(t, line, URLs(line))
			checkEntities(t, line, Entities(line))
			fmt.Fprintf(&b, "%s\n%s\n", line, dump(line))
		}
		path := "../../testdata/extract/" + name + ".golden"
		if *update {
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(want) != b.String() {
			t.Errorf("%s: output differs from %s; run go test -run TestGolden -update and review the diff\n%s", name, path, b.String())
		}
	}
}
