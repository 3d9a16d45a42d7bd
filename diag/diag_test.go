package diag

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// Rules registered by this package's tests only (the XLD9xx range is
// never used by the product).
var (
	testErr  = Register(Rule{ID: "XLD998", Severity: Error, Summary: "test error", Why: "w", Bad: "b", Good: "g"})
	testInfo = Register(Rule{ID: "XLD999", Severity: Info, Summary: "test info", Why: "w", Bad: "b", Good: "g"})
)

func TestRegister(t *testing.T) {
	for _, id := range []string{"XLD99", "YLD001", "XLD0a1", "XLD998"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Register(%q) did not panic", id)
				}
			}()
			Register(Rule{ID: id})
		}()
	}
	if r, ok := Lookup(testErr); !ok || r.Summary != "test error" {
		t.Errorf("Lookup(testErr) = %+v, %v", r, ok)
	}
	if _, ok := Lookup(RuleID{}); ok {
		t.Errorf("the zero RuleID is registered")
	}
	if id, ok := ParseRuleID(" xld999 "); !ok || id != testInfo {
		t.Errorf("ParseRuleID = %v, %v", id, ok)
	}
	if _, ok := ParseRuleID("XLD997"); ok {
		t.Errorf("ParseRuleID found an unregistered id")
	}
	var back RuleID
	if err := back.UnmarshalText([]byte("XLD998")); err != nil || back != testErr {
		t.Errorf("UnmarshalText = %v, %v", back, err)
	}
	if err := back.UnmarshalText([]byte("XLD997")); err == nil {
		t.Errorf("UnmarshalText accepted an unregistered id")
	}
}

// TestNewUnregistered: the zero RuleID never panics; it gives an Error and
// is counted, so that tests catch it.
func TestNewUnregistered(t *testing.T) {
	before := Unregistered()
	d := New(RuleID{}, nil, "x")
	if d.Severity != Error || Unregistered() != before+1 {
		t.Errorf("New(zero) = %+v, unregistered %d -> %d", d, before, Unregistered())
	}
	unregistered.Lock()
	unregistered.n = before // leave the count as it was for other tests
	unregistered.Unlock()
}

func TestNewAndError(t *testing.T) {
	d := New(testInfo, InSpec(2, Span{Frag: 0, Offset: 3, Len: 4}), "vdev %q\nbad", "x\ty")
	if d.Severity != Info || d.Disk() != 2 || d.Span() != (Span{0, 3, 4}) {
		t.Errorf("New = %+v", d)
	}
	if d.Message != `vdev "x\ty"\nbad` {
		t.Errorf("message not on one line: %q", d.Message)
	}
	d = d.Suggest("use xvda", Edit{Range: Range{Disk: 2, Span: Span{0, 3, 4}}, Text: "xvda"})
	if got := d.Error(); got != `info: vdev "x\ty"\nbad (use xvda) [XLD999]` {
		t.Errorf("Error() = %q", got)
	}
	if d.Advice() != "use xvda" || len(d.Suggestion.Edits) != 1 {
		t.Errorf("suggestion %+v", d.Suggestion)
	}
	if n := New(testErr, nil, "x"); n.Disk() != -1 || n.Span().Valid() || n.Range.String() != "-" {
		t.Errorf("a nil range: disk %d span %v %q", n.Disk(), n.Span(), n.Range.String())
	}
	if n := New(testErr, nil, "x").Suggest(""); n.Suggestion != nil {
		t.Errorf("an empty suggestion is set")
	}
}

func TestRangeString(t *testing.T) {
	tests := []struct {
		r    *Range
		want string
	}{
		{nil, "-"},
		{InFile("a.cfg", Pos{Line: 3, Column: 7, Offset: 20}, Pos{Line: 3, Column: 9, Offset: 22}), "a.cfg:3:7"},
		{InFile("", Pos{Line: 1, Column: 2, Offset: 1}, Pos{}), "1:2"},
		{InSpec(1, Span{0, 4, 5}), "disk 1 at 0:4+5"},
		{InSpec(-1, NoSpan), "-"},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.r, got, tt.want)
		}
	}
}

func TestListAndErrorsAs(t *testing.T) {
	l := List{
		New(testInfo, InFile("b.cfg", Pos{1, 1, 0}, Pos{1, 2, 1}), "b"),
		New(testErr, InFile("a.cfg", Pos{2, 1, 10}, Pos{2, 2, 11}), "a2"),
		New(testErr, nil, "none"),
		New(testInfo, InFile("a.cfg", Pos{1, 1, 0}, Pos{1, 2, 1}), "a1"),
	}
	l.Sort()
	var got []string
	for _, d := range l {
		got = append(got, d.Message)
	}
	if strings.Join(got, " ") != "none a1 a2 b" {
		t.Errorf("sorted: %v", got)
	}
	if m, ok := l.Max(); !ok || m != Error || !l.HasErrors() || l.Err() == nil {
		t.Errorf("Max = %v %v", m, ok)
	}
	if (List{New(testInfo, nil, "i")}).Err() != nil {
		t.Errorf("a list of infos is an error")
	}
	var err error = fmt.Errorf("wrapped: %w", l)
	var back List
	if !errors.As(err, &back) || len(back) != 4 {
		t.Errorf("errors.As(List) = %v", back)
	}
	var one Diagnostic
	if !errors.As(err, &one) || one.Message != "none" {
		t.Errorf("errors.As(Diagnostic) = %+v", one)
	}
	if got := AsList(err); len(got) != 4 {
		t.Errorf("AsList = %v", got)
	}
	if AsList(errors.New("plain")) != nil {
		t.Errorf("AsList of a plain error is not nil")
	}
	if got := AsList(New(testErr, nil, "single")); len(got) != 1 {
		t.Errorf("AsList of one Diagnostic = %v", got)
	}
}

func TestSeverity(t *testing.T) {
	for _, s := range []Severity{Error, Warning, Info} {
		b, _ := s.MarshalText()
		var back Severity
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("round trip %v: %v %v", s, back, err)
		}
	}
	if _, err := ParseSeverity("fatal"); err == nil {
		t.Errorf("ParseSeverity(fatal) succeeded")
	}
	if !Error.AtLeast(Warning) || Info.AtLeast(Warning) {
		t.Errorf("AtLeast is wrong")
	}
}

func ExampleNew() {
	rule := Register(Rule{ID: "XLD990", Severity: Warning, Summary: "example", Why: "w", Bad: "b", Good: "g"})
	d := New(rule, InSpec(0, Span{Frag: 0, Offset: 10, Len: 4}), "vdev %s is odd", "xvdq").Suggest("use xvda")
	fmt.Println(d.Error())
	fmt.Println(d.Range)
	// Output:
	// warning: vdev xvdq is odd (use xvda) [XLD990]
	// disk 0 at 0:10+4
}
