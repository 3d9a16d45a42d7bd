package diskspec_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
)

func TestErrorPositions(t *testing.T) {
	type want = flatErr
	tests := []struct {
		frags []string
		want  []want
	}{
		{[]string{"/x,bogus,xvda"}, []want{{0, 3, 5, "XLD004", "unknown value for format", "bogus"}}},
		{[]string{"/x,,xvda,rx"}, []want{{0, 9, 2, "XLD005", "unknown value for access", "rx"}}},
		{[]string{"vdev=xvda, frmat=q, target=/x"}, []want{{0, 11, 8, "XLD002", "unknown parameter", "frmat=q,"}}},
		{[]string{"nfs:/srv/a,xvda"}, []want{{0, 0, 4, "XLD003", "unknown deprecated disk prefix", "nfs:"}}},
		{[]string{"/x,,xvda,w,extra"}, []want{{0, 11, 5, "XLD011", "too many positional parameters", "extra"}}},
		{[]string{"/x,,xvda,=w"}, []want{{0, 9, 2, "XLD001", "bad disk syntax", "=w"}}},
		{[]string{"format=raw", "format=qcow2,vdev=xvda,target=/x"}, []want{{1, 7, 5, "XLD010", "format respecified", "qcow2"}}},
		{[]string{"/x,,hdc:dvd"}, []want{{0, 8, 3, "XLD008", "unknown deprecated type", "dvd"}}},
		{[]string{"/x,,xvda,devtype=dvd"}, []want{{0, 9, 11, "XLD008", "unknown value for type", "devtype=dvd"}}},
		{[]string{"/x,,xvda,colo-port=0"}, []want{{0, 19, 1, "XLD009", "unknown value for colo_port", "0"}}},
		{[]string{"/x"}, []want{{0, 2, 0, "XLD012", "no vdev specified", ""}}},
		{[]string{"vdev=xvda"}, []want{{0, 9, 0, "XLD013", "no target specified (and device not removable)", ""}}},
		{[]string{"/x,,xvda\x00"}, []want{{0, 8, 1, "XLD015", "NUL byte in disk specification", ""}}},
		// libxlu goes on after most errors and reports each.
		{[]string{"format=bad,access=bad,/x,,xvda"}, []want{
			{0, 7, 3, "XLD004", "unknown value for format", "bad"},
			{0, 18, 3, "XLD005", "unknown value for access", "bad"}}},
		// 2015 COLO colo-params: one error per malformed part.
		{[]string{"/x,,xvda,colo-params=h"}, []want{{0, 22, 0, "XLD014", "colo-params: missing ':' and port after host", ""}}},
		{[]string{"/x,,xvda,colo-params=:1:exportname=e"}, []want{{0, 21, 0, "XLD014", "colo-params: empty host before ':'", ""}}},
		{[]string{"/x,,xvda,colo-params=h:99999:exportname=e"}, []want{{0, 23, 5, "XLD014", "colo-params: port 99999 out of range 1..65535", "99999"}}},
		{[]string{"/x,,xvda,colo-params=h:1:export=e"}, []want{{0, 25, 8, "XLD014", "colo-params: want 'exportname=' after port", "export=e"}}},
		{[]string{"/x,,xvda,colo-params=h:1:exportname="}, []want{{0, 36, 0, "XLD014", "colo-params: empty export name", ""}}},
	}
	for _, tt := range tests {
		_, err := diskspec.ParseArgs(tt.frags...)
		got := flatten(tt.frags, err)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.frags, diff)
		}
	}
}

func TestErrorsAs(t *testing.T) {
	spec := "/x,bogus,xvda"
	_, err := diskspec.Parse(spec)
	var d diag.Diagnostic
	if !errors.As(err, &d) || d.Message != "unknown value for format" {
		t.Fatalf("errors.As(diag.Diagnostic) on %v: %v", err, d)
	}
	var l diag.List
	if !errors.As(err, &l) || len(l) != 1 {
		t.Fatalf("errors.As(diag.List) on %v", err)
	}
	want := "error: unknown value for format (expected raw, qcow, qcow2, vhd, qed or empty) [XLD004]"
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	wantReport := "cfg: config parsing error in disk specification: unknown value for format: near `bogus' in `/x,bogus,xvda'\n"
	if got := diskspec.Report("cfg", []string{spec}, err); got != wantReport {
		t.Errorf("Report = %q, want %q", got, wantReport)
	}
	if d.Rule != diskspec.RuleFormat || d.Range == nil || d.Range.Disk != -1 || d.Span() != (diag.Span{Frag: 0, Offset: 3, Len: 5}) {
		t.Errorf("diagnostic = %+v", d)
	}
	if n := diag.Unregistered(); n != 0 {
		t.Errorf("%d diagnostics with an unregistered rule", n)
	}
}

func TestColoParams(t *testing.T) {
	p, err := diskspec.ParseDetailed("/x,,xvda,colo,colo-params=host-2:9000:exportname=disk:1,active-disk=/a,hidden-disk=/h")
	if err != nil {
		t.Fatal(err)
	}
	d := p.Disk
	if !p.ColoParams || diskspec.Deref(d.ColoHost) != "host-2" || d.ColoPort != 9000 || diskspec.Deref(d.ColoExport) != "disk:1" {
		t.Errorf("got host %q port %d export %q (ColoParams %v)", diskspec.Deref(d.ColoHost), d.ColoPort, diskspec.Deref(d.ColoExport), p.ColoParams)
	}
	if s := p.Span(diskspec.FieldColoExport); s.Offset != 49 || s.Len != 6 {
		t.Errorf("export span %v", s)
	}
	cp, err := diskspec.ParseColoParams("h:1:exportname=e")
	if err != nil || cp.String() != "h:1:exportname=e" {
		t.Errorf("ParseColoParams round trip: %v %v", cp, err)
	}
	_, err = diskspec.ParseColoParams("h:1:export=e")
	var cd diag.Diagnostic
	if !errors.As(err, &cd) || cd.Rule != diskspec.RuleColoParams || cd.Span() != (diag.Span{Offset: 4, Len: 8}) {
		t.Errorf("ParseColoParams(h:1:export=e): %v %+v", err, cd.Span())
	}
}

func TestSuggestions(t *testing.T) {
	tests := []struct{ spec, expected string }{
		{"vdev=xvda,frmat=raw,target=/x", "a known keyword: did you mean format=?"},
		{"vdev=xvda,zzzzzz=1,target=/x", "a known keyword; see xl-disk-configuration(5)"},
		{"/dev/vg/a,xvda,w", "raw, qcow, qcow2, vhd, qed or empty; xvda looks like a vdev: leave the format slot empty (TARGET,,xvda)"},
		{"/dev/vg/a,raw2,xvda", "raw, qcow, qcow2, vhd, qed or empty"},
		{"/dev/vg/a,xvda\n,w", "raw, qcow, qcow2, vhd, qed or empty"},
	}
	for _, tt := range tests {
		_, err := diskspec.Parse(tt.spec)
		l := diskspec.AsList(err)
		if len(l) == 0 || l[0].Advice() != "expected "+tt.expected {
			t.Errorf("%q: %v, want expected %q", tt.spec, err, tt.expected)
		}
	}
}
