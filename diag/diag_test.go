package diag_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/diag"
)

// Two rules for these tests, in the XLD9xx range no package uses.
func init() {
	diag.Register(
		diag.Rule{ID: "XLD901", Severity: diag.Error, Summary: "test error rule", Why: "for tests", Bad: "b", Good: "g"},
		diag.Rule{ID: "XLD902", Severity: diag.Warning, Summary: "test warning rule", Why: "for tests", Bad: "b", Good: "g"},
	)
}

func TestSeverity(t *testing.T) {
	for _, s := range []diag.Severity{diag.Error, diag.Warning, diag.Info} {
		got, err := diag.ParseSeverity(s.String())
		if err != nil || got != s {
			t.Errorf("ParseSeverity(%q) = %v, %v", s.String(), got, err)
		}
	}
	if _, err := diag.ParseSeverity("fatal"); err == nil {
		t.Error("ParseSeverity(fatal): no error")
	}
	if got := diag.Severity(7).String(); got != "Severity(7)" {
		t.Errorf("Severity(7) = %q", got)
	}
	// AtLeast: a threshold of warning takes errors and warnings, not info.
	for _, tc := range []struct {
		s, min diag.Severity
		want   bool
	}{{diag.Error, diag.Warning, true}, {diag.Warning, diag.Warning, true}, {diag.Info, diag.Warning, false}, {diag.Warning, diag.Error, false}} {
		if got := tc.s.AtLeast(tc.min); got != tc.want {
			t.Errorf("%v.AtLeast(%v) = %v", tc.s, tc.min, got)
		}
	}
}

func TestSpan(t *testing.T) {
	s := diag.Span{Frag: 1, Offset: 4, Len: 5}
	if !s.Valid() || s.End() != 9 || s.String() != "1:4+5" {
		t.Errorf("span %#v: valid %v end %d string %q", s, s.Valid(), s.End(), s.String())
	}
	if diag.NoSpan.Valid() || diag.NoSpan.String() != "-" {
		t.Errorf("NoSpan: valid %v string %q", diag.NoSpan.Valid(), diag.NoSpan.String())
	}
}

func TestNewAndError(t *testing.T) {
	d := diag.New("XLD902", diag.Span{Frag: 0, Offset: 2, Len: 3}, "vdev %s looks odd", "xvdq")
	want := diag.Diagnostic{Rule: "XLD902", Severity: diag.Warning, Message: "vdev xvdq looks odd", Span: diag.Span{Offset: 2, Len: 3}, Disk: -1}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("New (-want +got):\n%s", diff)
	}
	d.Suggestion = "did you mean xvda?"
	if got := d.Error(); got != "warning: vdev xvdq looks odd (did you mean xvda?) [XLD902]" {
		t.Errorf("Error() = %q", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("New with an unregistered rule did not panic")
		}
	}()
	diag.New("XLD903", diag.NoSpan, "x")
}

func TestRegisterRefusesBadIDs(t *testing.T) {
	for _, id := range []string{"XLD901", "XLD9", "ABC123", "XLD12a", "XLD0001"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Register(%q) did not panic", id)
				}
			}()
			diag.Register(diag.Rule{ID: id})
		}()
	}
}

func TestCatalogue(t *testing.T) {
	r, ok := diag.Lookup("XLD901")
	if !ok || r.Summary != "test error rule" {
		t.Errorf("Lookup(XLD901) = %+v, %v", r, ok)
	}
	if _, ok := diag.Lookup("XLD903"); ok {
		t.Error("Lookup(XLD903) found an unregistered rule")
	}
	var ids []string
	for _, r := range diag.Catalogue() {
		ids = append(ids, r.ID)
	}
	if diff := cmp.Diff([]string{"XLD901", "XLD902"}, ids); diff != "" {
		t.Errorf("Catalogue ids (-want +got):\n%s", diff)
	}
}

func TestList(t *testing.T) {
	l := diag.List{
		{Rule: "XLD902", Severity: diag.Warning, Message: "w", Span: diag.Span{Offset: 5}, Disk: 1},
		{Rule: "XLD901", Severity: diag.Error, Message: "e2", Span: diag.Span{Offset: 5}, Disk: 1},
		{Rule: "XLD902", Severity: diag.Info, Message: "i", Span: diag.Span{Offset: 0}, Disk: 1},
		{Rule: "XLD901", Severity: diag.Error, Message: "e0", Span: diag.Span{Offset: 9}, Disk: 0},
	}
	if l.Err() == nil || !l.HasErrors() {
		t.Error("a list with errors: Err() is nil")
	}
	l.Sort()
	var got []string
	for _, d := range l {
		got = append(got, d.Message)
	}
	if diff := cmp.Diff([]string{"e0", "i", "e2", "w"}, got); diff != "" {
		t.Errorf("Sort: by disk, offset, severity (-want +got):\n%s", diff)
	}
	if got := l[:2].Error(); got != "error: e0 [XLD901]\ninfo: i [XLD902]" {
		t.Errorf("List.Error() = %q", got)
	}
	warnings := diag.List{l[3]}
	if m, ok := warnings.Max(); !ok || m != diag.Warning || warnings.Err() != nil {
		t.Errorf("warnings only: Max %v %v, Err %v", m, ok, warnings.Err())
	}
	if _, ok := diag.List(nil).Max(); ok {
		t.Error("Max of an empty list reports a severity")
	}
	var asList diag.List
	if !errors.As(l.Err(), &asList) || len(asList) != 4 {
		t.Errorf("errors.As(l.Err(), *List) failed: %v", l.Err())
	}
}

// Example builds diagnostics for registered rules, orders them and turns
// them into an error only when one of them is an error.
func Example() {
	l := diag.List{
		diag.New("XLD902", diag.Span{Frag: 0, Offset: 11, Len: 4}, "vdev %s is unusual", "xvdq"),
		diag.New("XLD901", diag.Span{Frag: 0, Offset: 0, Len: 2}, "target %q is missing", "/a"),
	}
	for i := range l {
		l[i].Disk = 0
	}
	l.Sort()
	for _, d := range l {
		fmt.Printf("%s %s\n", d.Span, d.Error())
	}
	if err := l.Err(); err != nil {
		fmt.Println("the disk is refused")
	}
	// Output:
	// 0:0+2 error: target "/a" is missing [XLD901]
	// 0:11+4 warning: vdev xvdq is unusual [XLD902]
	// the disk is refused
}

func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"":                    "",
		"plain text":          "plain text",
		"disk 0\n":            `disk 0\n`,
		"a\tb\x01c\x7fd\xffé": `a\tb\x01c\x7fd` + "\xffé",
	} {
		if got := diag.OneLine(in); got != want {
			t.Errorf("OneLine(%q) = %q, want %q", in, got, want)
		}
	}
	d := diag.New("XLD901", diag.NoSpan, "no suitable backend for disk %s", "0\n")
	d.Suggestion = "try\nthis"
	if got := d.Error(); got != `error: no suitable backend for disk 0\n (try\nthis) [XLD901]` {
		t.Errorf("Error() = %q", got)
	}
}
