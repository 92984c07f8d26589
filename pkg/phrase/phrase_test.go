package phrase

import (
	"strings"
	"testing"

	"github.com/scamcheck/scamcheck/pkg/normalize"
)

func TestParseErrors(t *testing.T) {
	tests := []struct{ pattern, wantErr string }{
		{"~3 pay", "starts with a gap"},
		{"pay ...", "ends with a gap"},
		{"(pay|send", "unclosed group"},
		{"pay {cash}", "unknown class"},
		{"ab* now", "too short"},
		{"pay ... ... now", "two gaps in a row"},
		{"pay ~99 now", "want ~1 to ~20"},
		{"pay ((a|b)|c)", "nested group"},
		{"!!!", "no letters or digits"},
		{"pay) now", "unexpected"},
		{"(a ... b|c)", "gap inside group"},
	}
	for _, tc := range tests {
		err := Validate(tc.pattern)
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("Validate(%q) = %v, want error containing %q", tc.pattern, err, tc.wantErr)
		}
	}
	for _, ok := range []string{"western union", "pay ... outside aliexpress", "(send|pay) the money", "(the|) fee", "transf* {money}", "pay ~8 now", "Ｗestern", "don't pay"} {
		if err := Validate(ok); err != nil {
			t.Errorf("Validate(%q) = %v, want nil", ok, err)
		}
	}
}

func TestMatch(t *testing.T) {
	specs := []Spec{
		{Patterns: []string{"western union"}},
		{Patterns: []string{"pay ... outside (of|) aliexpress"}, Except: []string{"(never|do not|don't) pay"}},
		{Patterns: []string{"transf* (the|) money"}},
		{Patterns: []string{"pay {money}"}},
		{Patterns: []string{"(contact|write to) me on (whatsapp|telegram)"}},
		{Patterns: []string{"taxa ~5 alfândega"}},
		{Patterns: []string{"оплатите пошлину"}},
		{Patterns: []string{"(kindly|please|) settle (the|a|) ~2 fee (now|today|)"}},
		{Patterns: []string{"(text|txt|send) ~2 to {num}", "dial {num} (now|today)"}},
	}
	m, err := Compile(specs)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text     string
		masks    []normalize.Mask
		want     []int // specs expected, in order
		evidence string
	}{
		{"Send via W e s t e r n  U n i o n please", nil, []int{0}, "W e s t e r n  U n i o n"},
		{"w.e.s.t.e.r.n.u.n.i.o.n", nil, []int{0}, "w.e.s.t.e.r.n.u.n.i.o.n"},
		{"WESTERNUNION only", nil, []int{0}, "WESTERNUNION"},
		{"Please pay me outside of AliExpress, ok?", nil, []int{1}, "pay me outside of AliExpress"},
		{"Never pay outside AliExpress!", nil, nil, ""},
		{"Do not pay them outside Aliexpress", nil, nil, ""},
		{"I'll transfer the money", nil, []int{2}, "transfer the money"},
		{"transferring money now", nil, []int{2}, "transferring money"},
		{"transmoney", nil, nil, ""},
		{"Pay 1.99 USD", []normalize.Mask{{Start: 4, End: 12, Token: Classes["money"]}}, []int{3}, "Pay 1.99 USD"},
		{"pay later", nil, nil, ""},
		{"Contact me on WhatsApp", nil, []int{4}, "Contact me on WhatsApp"},
		{"write to me on telegram", nil, []int{4}, "write to me on telegram"},
		{"Taxa de importação da alfândega", nil, []int{5}, "Taxa de importação da alfândega"},
		{"taxa um dois tres quatro cinco seis alfandega", nil, nil, ""},
		{"Срочно оплатите пошлину", nil, []int{6}, "оплатите пошлину"},
		{"Срочно oплатите пошлину", nil, []int{6}, "oплатите пошлину"},
		{"Kindly settle the redelivery fee today", nil, []int{7}, "Kindly settle the redelivery fee today"},
		{"settle fee", nil, []int{7}, "settle fee"},
		{"so settle a small extra fee", nil, []int{7}, "settle a small extra fee"},
		{"settle a very small extra fee", nil, nil, ""},
		{"Text WIN to 87021 now", nil, []int{8}, "Text WIN to 87021"},
		{"Dial *363# now for 3GB", nil, []int{8}, "Dial *363# now"},
		{"text me when you get to the station", nil, nil, ""},
	}
	for _, tc := range tests {
		tx := normalize.Normalize(tc.text, tc.masks)
		hits := m.Match(tx)
		var got []int
		for _, h := range hits {
			got = append(got, h.Spec)
		}
		if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
			t.Errorf("%q: specs %v, want %v", tc.text, got, tc.want)
			continue
		}
		if len(hits) > 0 {
			s, _ := tx.WordSpan(hits[0].Start)
			_, e := tx.WordSpan(hits[0].End)
			if ev := tx.Evidence(s, e); ev != tc.evidence {
				t.Errorf("%q: evidence %q, want %q", tc.text, ev, tc.evidence)
			}
		}
	}
}

func TestCompileReportsSpec(t *testing.T) {
	_, err := Compile([]Spec{{Patterns: []string{"ok"}}, {Patterns: []string{"fine", "(bad"}, Except: []string{"~2 x"}}})
	ce, ok := err.(CompileError)
	if !ok || len(ce) != 2 {
		t.Fatalf("err = %#v, want CompileError with two patterns", err)
	}
	if pe := ce[0]; pe.Spec != 1 || pe.Index != 1 || pe.Except {
		t.Errorf("first error = %+v, want spec 1 pattern 1", pe)
	}
	if pe := ce[1]; pe.Spec != 1 || pe.Index != 0 || !pe.Except {
		t.Errorf("second error = %+v, want spec 1 except 0", pe)
	}
}
