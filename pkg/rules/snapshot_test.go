package rules

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"go/format"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	rulesdata "github.com/scamcheck/scamcheck/rules"
)

var update = flag.Bool("update", false, "rewrite snapshot_gen.go from the embedded rule files")

// TestSnapshot fails when snapshot_gen.go was not made from the embedded
// rule files as they are; `go generate ./pkg/rules` (or this test with
// -update) rewrites it. A stale snapshot is never used (Load checks each
// file's SHA-256), but it makes start-up slow.
func TestSnapshot(t *testing.T) {
	src, err := generateSnapshot(rulesdata.FS)
	if err != nil {
		t.Fatal(err)
	}
	cur, _ := os.ReadFile("snapshot_gen.go")
	if bytes.Equal(src, cur) {
		return
	}
	if *update {
		if err := os.WriteFile("snapshot_gen.go", src, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatal("snapshot_gen.go is stale: the embedded rule files changed since it was made; run `go generate ./pkg/rules`")
}

// TestSnapshotLoadsSameSet checks that loading the embedded rules from the
// snapshot gives exactly the set that YAML decoding gives.
func TestSnapshotLoadsSameSet(t *testing.T) {
	if len(snapshot) == 0 {
		t.Skip("no snapshot")
	}
	fast, err := Load(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	useSnapshot = false
	defer func() { useSnapshot = true }()
	slow, err := Load(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatal("the snapshot gives another rule set than the YAML files")
	}
}

// TestSnapshotUsedOnlyForSameBytes checks that a changed file is decoded
// from YAML.
func TestSnapshotUsedOnlyForSameBytes(t *testing.T) {
	if len(snapshot) == 0 {
		t.Skip("no snapshot")
	}
	e := snapshot[0]
	data, err := fs.ReadFile(rulesdata.FS, e.name)
	if err != nil {
		t.Skip("first snapshot file is gone")
	}
	if _, _, ok := snapshotFor(e.name, data); !ok && sha256.Sum256(data) == e.sum {
		t.Error("snapshot not used for identical bytes")
	}
	if _, _, ok := snapshotFor(e.name, append(data, '\n')); ok {
		t.Error("snapshot used for different bytes")
	}
	if _, _, ok := snapshotFor("other.yaml", data); ok {
		t.Error("snapshot used for another file name")
	}
}

// TestSnapshotCopies checks that what the snapshot hands out shares no
// memory with it, so that a caller changing a rule cannot change the next
// Load.
func TestSnapshotCopies(t *testing.T) {
	for i := range snapshot {
		e := &snapshot[i]
		if e.rules != nil {
			c := cloneRuleFile(e.rules)
			noSharing(t, reflect.ValueOf(e.rules).Elem(), reflect.ValueOf(c).Elem(), e.name)
		}
		if e.settings != nil {
			c := cloneSettings(e.settings)
			noSharing(t, reflect.ValueOf(e.settings).Elem(), reflect.ValueOf(c).Elem(), e.name)
		}
	}
	// Every kind of field, filled in, so that a field added later without
	// a copy in cloneRule is noticed.
	var r Rule
	fill(reflect.ValueOf(&r).Elem())
	c := cloneRule(&r)
	noSharing(t, reflect.ValueOf(&r).Elem(), reflect.ValueOf(&c).Elem(), "Rule")
	var s Settings
	fill(reflect.ValueOf(&s).Elem())
	cs := cloneSettings(&settingsData{Settings: s})
	noSharing(t, reflect.ValueOf(&s).Elem(), reflect.ValueOf(&cs.Settings).Elem(), "Settings")
}

// fill gives every slice, map and pointer in v one element.
func fill(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Field(i)
			if !f.CanSet() {
				f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
			}
			fill(f)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0))
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(e)
		v.SetMapIndex(k, e)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem())
	}
}

// noSharing reports slices, maps and pointers of b that are those of a.
func noSharing(t *testing.T, a, b reflect.Value, where string) {
	t.Helper()
	switch a.Kind() {
	case reflect.Struct:
		for i := range a.NumField() {
			noSharing(t, a.Field(i), b.Field(i), where+"."+a.Type().Field(i).Name)
		}
	case reflect.Slice:
		if a.Cap() > 0 && a.Pointer() == b.Pointer() {
			t.Errorf("%s: slice shared with the snapshot", where)
		}
		for i := range min(a.Len(), b.Len()) {
			noSharing(t, a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", where, i))
		}
	case reflect.Map:
		if !a.IsNil() && a.Pointer() == b.Pointer() {
			t.Errorf("%s: map shared with the snapshot", where)
		}
		for _, k := range a.MapKeys() {
			if bv := b.MapIndex(k); bv.IsValid() {
				noSharing(t, a.MapIndex(k), bv, fmt.Sprintf("%s[%v]", where, k))
			}
		}
	case reflect.Pointer:
		if !a.IsNil() && a.Pointer() == b.Pointer() {
			t.Errorf("%s: pointer shared with the snapshot", where)
		}
		if !a.IsNil() && !b.IsNil() {
			noSharing(t, a.Elem(), b.Elem(), where)
		}
	}
}

// generateSnapshot decodes every rule file of fsys that has no problems and
// returns the Go source of snapshot_gen.go.
func generateSnapshot(fsys fs.FS) ([]byte, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var b bytes.Buffer
	b.WriteString("// Code generated by `go generate ./pkg/rules` (TestSnapshot -update); DO NOT EDIT.\n\n")
	b.WriteString("package rules\n\n")
	b.WriteString("// snapshot holds the embedded rule files, decoded; see snapshot.go.\n")
	b.WriteString("var snapshot = []snapshotEntry{\n")
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		l := &loader{rules: make(map[string]*loaded), combos: make(map[string]Combo)}
		var rd *ruleFileData
		var sd *settingsData
		var ok bool
		if name == "verdict.yaml" {
			sd, ok = l.decodeSettingsFile(name, data)
		} else {
			rd, ok = l.decodeRuleFile(name, data)
		}
		if !ok || len(l.problems) > 0 {
			continue // decoded from YAML, with its problems
		}
		fmt.Fprintf(&b, "{name: %q, sum: %#v,\n", name, sha256.Sum256(data))
		if sd != nil {
			b.WriteString("settings: &")
			literal(&b, reflect.ValueOf(sd).Elem(), true)
		} else {
			b.WriteString("rules: &")
			literal(&b, reflect.ValueOf(rd).Elem(), true)
		}
		b.WriteString(",\n},\n")
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

// typeName is the Go spelling of t inside package rules.
func typeName(t reflect.Type) string {
	return strings.ReplaceAll(t.String(), "rules.", "")
}

// literal writes v as a Go composite literal (typed when withType).
func literal(b *bytes.Buffer, v reflect.Value, withType bool) {
	switch v.Kind() {
	case reflect.String:
		b.WriteString(strconv.Quote(v.String()))
	case reflect.Int, reflect.Int64, reflect.Int32:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Bool:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Pointer:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		b.WriteString("&")
		literal(b, v.Elem(), true)
	case reflect.Struct:
		if withType {
			b.WriteString(typeName(v.Type()))
		}
		b.WriteString("{")
		for i := range v.NumField() {
			f := v.Field(i)
			if f.IsZero() {
				continue
			}
			fmt.Fprintf(b, "%s: ", v.Type().Field(i).Name)
			literal(b, f, true)
			b.WriteString(", ")
		}
		b.WriteString("}")
	case reflect.Slice:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		b.WriteString(typeName(v.Type()))
		b.WriteString("{")
		for i := range v.Len() {
			literal(b, v.Index(i), false)
			b.WriteString(", ")
			if v.Type().Elem().Kind() == reflect.Struct {
				b.WriteString("\n")
			}
		}
		b.WriteString("}")
	case reflect.Map:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		b.WriteString(typeName(v.Type()))
		b.WriteString("{\n")
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, c reflect.Value) int { return strings.Compare(a.String(), c.String()) })
		for _, k := range keys {
			literal(b, k, false)
			b.WriteString(": ")
			literal(b, v.MapIndex(k), false)
			b.WriteString(",\n")
		}
		b.WriteString("}")
	default:
		panic("snapshot: cannot write a " + v.Kind().String())
	}
}
