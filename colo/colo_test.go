package colo

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
)

func TestModeOf(t *testing.T) {
	T, F, D := diskspec.DefboolTrue, diskspec.DefboolFalse, diskspec.DefboolDefault
	tests := []struct {
		enable, restore diskspec.Defbool
		want            domain.ColoMode
	}{
		{D, D, domain.ColoNone},
		{F, T, domain.ColoNone},
		{T, D, domain.ColoPrimary},
		{T, F, domain.ColoPrimary},
		{T, T, domain.ColoSecondary},
		{D, T, domain.ColoNone},
	}
	for _, tc := range tests {
		d := &diskspec.Disk{ColoEnable: tc.enable, ColoRestoreEnable: tc.restore}
		if got := ModeOf(d); got != tc.want {
			t.Errorf("ModeOf(enable=%v, restore=%v) = %v, want %v", tc.enable, tc.restore, got, tc.want)
		}
	}
	if ModeOf(nil) != domain.ColoNone {
		t.Errorf("ModeOf(nil) != ColoNone")
	}
}

func TestWithSide(t *testing.T) {
	d := &diskspec.Disk{ColoEnable: diskspec.DefboolTrue}
	if got := ModeOf(WithSide(d, domain.ColoSecondary)); got != domain.ColoSecondary {
		t.Errorf("WithSide secondary: %v", got)
	}
	if got := ModeOf(WithSide(d, domain.ColoPrimary)); got != domain.ColoPrimary {
		t.Errorf("WithSide primary: %v", got)
	}
	if WithSide(d, domain.ColoNone) != d {
		t.Errorf("WithSide none must return the disk itself")
	}
	if d.ColoRestoreEnable != diskspec.DefboolDefault {
		t.Errorf("WithSide modified its argument")
	}
}

func TestChainOf(t *testing.T) {
	full := &diskspec.Disk{
		ColoEnable: diskspec.DefboolTrue,
		ColoHost:   diskspec.Str("10.0.0.2"), ColoPort: 9000, ColoExport: diskspec.Str("d1"),
		ActiveDisk: diskspec.Str("/a.qcow2"), HiddenDisk: diskspec.Str("/h.qcow2"),
	}
	c, missing := ChainOf(full, domain.ColoSecondary)
	if missing != nil {
		t.Fatal(missing)
	}
	want := Chain{Export: "d1", ActiveDisk: "/a.qcow2", HiddenDisk: "/h.qcow2", Host: "10.0.0.2", Port: 9000}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("ChainOf (-want +got):\n%s", diff)
	}
	if got := c.Params(); got != "10.0.0.2:9000:exportname=d1" {
		t.Errorf("Params() = %q", got)
	}

	primaryOnly := &diskspec.Disk{ColoEnable: diskspec.DefboolTrue,
		ColoHost: diskspec.Str("h"), ColoPort: 1, ColoExport: diskspec.Str("e")}
	if _, missing := ChainOf(primaryOnly, domain.ColoPrimary); missing != nil {
		t.Errorf("primary without overlays: %v", missing)
	}
	_, missing = ChainOf(primaryOnly, domain.ColoSecondary)
	if want := []Field{FieldActiveDisk, FieldHiddenDisk}; !cmp.Equal(missing, want) {
		t.Errorf("secondary without overlays: missing %v, want %v", missing, want)
	}
	_, missing = ChainOf(&diskspec.Disk{ColoExport: diskspec.Str(""), ColoPort: -1}, domain.ColoPrimary)
	if want := []Field{FieldHost, FieldPort, FieldExport}; !cmp.Equal(missing, want) {
		t.Errorf("empty primary: missing %v, want %v", missing, want)
	}
	if c, missing := ChainOf(full, domain.ColoNone); missing != nil || c != (Chain{}) {
		t.Errorf("ColoNone: %+v, %v", c, missing)
	}
}

func TestFormatParams(t *testing.T) {
	if got := FormatParams("192.168.1.2", 65535, "a:b"); got != "192.168.1.2:65535:exportname=a:b" {
		t.Errorf("FormatParams = %q", got)
	}
}

func ExampleChainOf() {
	d := &diskspec.Disk{
		ColoEnable: diskspec.DefboolTrue, ColoRestoreEnable: diskspec.DefboolTrue,
		ColoHost: diskspec.Str("192.168.0.2"), ColoPort: 9000, ColoExport: diskspec.Str("colo1"),
		ActiveDisk: diskspec.Str("/var/colo/active.qcow2"),
	}
	_, missing := ChainOf(d, ModeOf(d))
	fmt.Println(ModeOf(d), missing)
	// Output:
	// secondary [hidden-disk]
}

func ExampleModeOf() {
	for _, spec := range []string{
		"/dev/vg/a,raw,xvda,w",
		"/dev/vg/a,raw,xvda,w,colo,colo-host=192.168.0.2,colo-port=9000,colo-export=d1,active-disk=/a,hidden-disk=/h",
	} {
		d, err := diskspec.Parse(spec)
		if err != nil {
			panic(err)
		}
		primary := ModeOf(d)
		// libxl sets colo_restore_enable on the side restored from the
		// primary's checkpoint stream: that disk is the secondary.
		d.ColoRestoreEnable = d.ColoEnable
		fmt.Println(primary, ModeOf(d))
	}
	// Output:
	// none none
	// primary secondary
}
