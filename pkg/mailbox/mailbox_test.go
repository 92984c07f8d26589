package mailbox

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func collect(t *testing.T, name string, r io.Reader, max int64) []Message {
	t.Helper()
	var out []Message
	for m := range Mbox(name, r, max) {
		out = append(out, m)
	}
	return out
}

func TestMbox(t *testing.T) {
	f, err := os.Open("testdata/three.mbox")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ms := collect(t, "three.mbox", f, 1<<20)
	if len(ms) != 3 {
		t.Fatalf("%d messages", len(ms))
	}
	for i, want := range []string{"Subject: Your order has shipped", "this message is broken", "Subject: Refund on hold"} {
		if ms[i].Name != "three.mbox#"+string(rune('1'+i)) || !strings.Contains(string(ms[i].Raw), want) || ms[i].Err != nil {
			t.Errorf("message %d: %s %v %q", i, ms[i].Name, ms[i].Err, ms[i].Raw)
		}
		if strings.HasPrefix(string(ms[i].Raw), "From ") {
			t.Errorf("message %d keeps its separator line", i)
		}
	}
	if !strings.Contains(string(ms[0].Raw), "\nFrom the warehouse") || !strings.Contains(string(ms[0].Raw), "\n>From here on") {
		t.Errorf("mboxrd unescaping: %q", ms[0].Raw)
	}
}

func TestMboxCapAndLongLines(t *testing.T) {
	long := strings.Repeat("x", 200<<10)
	in := "From a\nSubject: one\n\n" + long + "\n\nFrom b\nSubject: two\n\nshort\n"
	ms := collect(t, "m", strings.NewReader(in), 1000)
	if len(ms) != 2 || len(ms[0].Raw) != 1000 || ms[0].Total != int64(len("Subject: one\n\n"+long+"\n\n")) || string(ms[1].Raw) != "Subject: two\n\nshort\n" {
		t.Fatalf("%d messages: %d/%d %q", len(ms), len(ms[0].Raw), ms[0].Total, ms[len(ms)-1].Raw)
	}
}

func TestMboxWithoutSeparator(t *testing.T) {
	ms := collect(t, "m", strings.NewReader("Subject: x\n\nbody\nFrom here\n"), 1<<20)
	if len(ms) != 1 || ms[0].Name != "m#1" {
		t.Fatalf("%+v", ms)
	}
}

type failReader struct{ n int }

func (f *failReader) Read(p []byte) (int, error) {
	if f.n > 0 {
		f.n--
		return copy(p, "From x\nSubject: a\n\nbody\n"), nil
	}
	return 0, errors.New("disk on fire")
}

func TestMboxReadError(t *testing.T) {
	ms := collect(t, "m", &failReader{n: 1}, 1<<20)
	if len(ms) != 2 || ms[0].Err != nil || ms[1].Err == nil || !strings.Contains(ms[1].Err.Error(), "disk on fire") {
		t.Fatalf("%+v", ms)
	}
}

func TestDir(t *testing.T) {
	root := t.TempDir()
	md := filepath.Join(root, "Maildir")
	for _, d := range []string{"cur", "new", "tmp"} {
		if err := os.MkdirAll(filepath.Join(md, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(md, "cur", "1700000000.1.host:2,S"), "Subject: a\n\nA")
	write(filepath.Join(md, "new", "1700000001.2.host"), "Subject: b\n\nB")
	write(filepath.Join(md, "tmp", "partial"), "Subject: c\n\nC")
	var names []string
	for m := range Dir(md, 1<<20) {
		names = append(names, filepath.Base(m.Name))
	}
	if strings.Join(names, ",") != "1700000000.1.host:2,S,1700000001.2.host" {
		t.Errorf("maildir: %q", names)
	}

	plain := filepath.Join(root, "plain")
	os.Mkdir(plain, 0o755)
	write(filepath.Join(plain, "b.eml"), "Subject: b\n\nB")
	write(filepath.Join(plain, "a.eml"), "Subject: a\n\nA")
	write(filepath.Join(plain, ".hidden"), "x")
	os.Mkdir(filepath.Join(plain, "sub"), 0o755)
	names = nil
	for m := range Dir(plain, 1<<20) {
		names = append(names, filepath.Base(m.Name)+"="+string(m.Raw))
	}
	if strings.Join(names, ",") != "a.eml=Subject: a\n\nA,b.eml=Subject: b\n\nB" {
		t.Errorf("plain: %q", names)
	}

	empty := filepath.Join(root, "empty")
	os.Mkdir(empty, 0o755)
	var errs []error
	for m := range Dir(empty, 1<<20) {
		errs = append(errs, m.Err)
	}
	if len(errs) != 1 || errs[0] == nil || !strings.Contains(errs[0].Error(), "no message files") {
		t.Errorf("empty folder: %v", errs)
	}
}

func TestWriterRoundTrip(t *testing.T) {
	msgs := []string{
		"Subject: a\r\n\r\nFrom the start\r\n>From quoted\r\nend",
		"Subject: b\n\nsecond\n",
	}
	var b strings.Builder
	w := NewWriter(&b)
	for _, m := range msgs {
		if err := w.Write([]byte(m)); err != nil {
			t.Fatal(err)
		}
	}
	got := collect(t, "m", strings.NewReader(b.String()), 1<<20)
	want := []string{"Subject: a\n\nFrom the start\n>From quoted\nend\n\n", "Subject: b\n\nsecond\n\n"}
	if len(got) != 2 || string(got[0].Raw) != want[0] || string(got[1].Raw) != want[1] || w.Bytes() != int64(b.Len()) {
		t.Fatalf("%+v", got)
	}
}

func FuzzMbox(f *testing.F) {
	f.Add([]byte("From a\nSubject: x\n\nbody\n>From b\n\nFrom c\nSubject: y\n\n"), int64(64))
	f.Add([]byte("no separator\r\nFrom here\r\n"), int64(5))
	f.Fuzz(func(t *testing.T, in []byte, max int64) {
		if max <= 0 || max > 1<<20 {
			max = 1 << 10
		}
		var total int64
		n := 0
		for m := range Mbox("f", strings.NewReader(string(in)), max) {
			n++
			if int64(len(m.Raw)) > max || m.Total < int64(len(m.Raw)) || m.Err != nil {
				t.Fatalf("message %d: %d bytes of %d, cap %d, err %v", n, len(m.Raw), m.Total, max, m.Err)
			}
			total += m.Total
		}
		if total > int64(len(in)) {
			t.Fatalf("%d bytes out of %d in", total, len(in))
		}
	})
}
