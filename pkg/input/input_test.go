package input

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFromReader(t *testing.T) {
	tests := []struct {
		name           string
		in             string
		max            int64
		wantText       string
		checked, total int64
		wantErr        error
	}{
		{"plain", "hello", 100, "hello", 5, 5, nil},
		{"empty", "", 100, "", 0, 0, ErrEmpty},
		{"only space", " \n\t ", 100, "", 4, 4, ErrEmpty},
		{"invalid utf-8 replaced", "pay\xff now", 100, "pay\uFFFD now", 8, 8, nil},
		{"cut at the limit", "abcdefgh", 5, "abcde", 5, 8, nil},
		{"cut moves back to a rune start", "abcdЖ", 5, "abcd", 4, 6, nil},
		{"nul bytes kept", "a\x00b", 10, "a\x00b", 3, 3, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			it := FromReader("stdin", strings.NewReader(tc.in), tc.max)
			if !errors.Is(it.Err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", it.Err, tc.wantErr)
			}
			if it.Text != tc.wantText || it.Checked != tc.checked || it.Total != tc.total {
				t.Errorf("got %q %d/%d, want %q %d/%d", it.Text, it.Checked, it.Total, tc.wantText, tc.checked, tc.total)
			}
			if !utf8.ValidString(it.Text) {
				t.Errorf("text is not valid UTF-8: %q", it.Text)
			}
			if it.Truncated() != (tc.total > tc.checked) {
				t.Errorf("Truncated() = %v", it.Truncated())
			}
		})
	}
}

func TestFromFileErrors(t *testing.T) {
	it := FromFile("../../testdata/check/does-not-exist.txt", MaxBytes)
	if it.Err == nil || !strings.Contains(it.Err.Error(), "no such file") || strings.Count(it.Err.Error(), "does-not-exist") != 1 {
		t.Errorf("missing file: %v", it.Err)
	}
	it = FromFile("../../testdata/check", MaxBytes)
	if it.Err == nil || !strings.Contains(it.Err.Error(), "is a directory") {
		t.Errorf("directory: %v", it.Err)
	}
}

func TestFromArgs(t *testing.T) {
	it := FromArgs([]string{"pay", "now"})
	if it.Text != "pay now" || it.Name != "argument" {
		t.Errorf("FromArgs = %+v", it)
	}
}
