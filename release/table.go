package release

// Feature is one disk behaviour that differs between Xen releases. Ask
// Version.Has; Table documents each one.
type Feature int

// The features, in the order of Table.
const (
	// TrustedFlags: "trusted" and "untrusted" are keywords of the disk
	// lexer (before: plain positional values).
	TrustedFlags Feature = iota
	// GrantUsage: the disk lexer knows "grant_usage=0" and
	// "grant_usage=1" and libxl writes the grant_usage backend node for
	// virtio disks.
	GrantUsage
	// TapBackend: backendtype=tap selects the vbd3 (tapdisk) backend for
	// raw and vhd images; before, tap always fails with "no suitable
	// backend".
	TapBackend
	// TapQemuNBD: QEMU opens an emulated tap disk through its tapdisk NBD
	// socket (nbd+unix:///?socket=...).
	TapQemuNBD
	// HVMCdromPhy: an HVM guest's CD-ROM may be on phy as well as qdisk,
	// and the refusal says "must be Qdisk or Phy".
	HVMCdromPhy
	// EmptyCdromPhy: an empty CD-ROM on phy is backed by
	// /var/run/xen/empty-cdrom.DOMID, and phy takes an empty CD-ROM
	// before its raw-format check (a PV empty CD-ROM picks phy).
	EmptyCdromPhy
	// StubdomCdInsert: cd-insert works for a stub-domain device model.
	StubdomCdInsert
	// JSONC: libxl's JSON is written by json-c ("key":value, "\/")
	// rather than yajl ("key": value, "/").
	JSONC
	// NoQemuTraditional: device_model_version="qemu-xen-traditional" is
	// refused.
	NoQemuTraditional
	// Vbd3ReadBack: a disk whose backend type node reads "vbd3" is read
	// back from xenstore as a tap disk (libxl_string_to_backend, and the
	// eject watch's backend path); before, "vbd3" is no known backend.
	Vbd3ReadBack
	// CdInsertParams: cd-insert writes a CD-ROM's params node as
	// FORMAT:PATH only for a qdisk medium and as the bare target otherwise,
	// and its eject step writes the new medium's target instead of "".
	CdInsertParams
	numFeatures
)

// Change describes one version-dependent behaviour.
type Change struct {
	// Feature is the behaviour.
	Feature Feature
	// Name is a short name ("grant_usage").
	Name string
	// Since is the first release that has it.
	Since Version
	// Commits are the upstream xen.git commits that made the change
	// (abbreviated hashes).
	Commits []string
	// What says what changed.
	What string
}

// Table is every disk behaviour that differs between Xen 4.17 and 4.22.
var Table = [numFeatures]Change{
	TrustedFlags: {TrustedFlags, "trusted/untrusted", Xen419, []string{"1eb013ef97", "54d8f27d04"},
		"trusted and untrusted are disk flags: 54d8f27d04 (in 4.17) added their rule to libxlu_disk_l.l but not to the committed generated scanner libxlu_disk_l.c, which 1eb013ef97 (4.19) regenerated; so 4.17 and 4.18 read them as positional values"},
	GrantUsage: {GrantUsage, "grant_usage", Xen419, []string{"1eb013ef97"},
		"grant_usage=0|1 is a disk keyword (before: bad disk syntax); virtio disks get a grant_usage backend node, defaulting to backend_domid != 0"},
	TapBackend: {TapBackend, "backendtype=tap", Xen419, []string{"6d7d8d2b3e"},
		"backendtype=tap works for raw and vhd images without COLO, as backend type vbd3 with params aio:PATH or vhd:PATH"},
	TapQemuNBD: {TapQemuNBD, "tap in QEMU", Xen419, []string{"d7c4d59b51"},
		"an emulated tap disk is opened as nbd+unix:///?socket=PATH with format raw"},
	HVMCdromPhy: {HVMCdromPhy, "HVM cdrom on phy", Xen419, []string{"d9d4c5a142"},
		"an HVM guest's CD-ROM may be on phy; the refusal reads \"Backend for CD devices on HVM guests must be Qdisk or Phy\""},
	EmptyCdromPhy: {EmptyCdromPhy, "empty cdrom on phy", Xen419, []string{"4e41947bad", "d9d4c5a142"},
		"an empty CD-ROM on phy uses /var/run/xen/empty-cdrom.DOMID, and phy accepts an empty CD-ROM before its raw-format check"},
	StubdomCdInsert: {StubdomCdInsert, "stubdom cd-insert", Xen420, []string{"a18b50614d"},
		"cd-insert works with a stub-domain device model"},
	JSONC: {JSONC, "json-c", Xen421, []string{"c71d8ef0cc", "f6c6f2679d"},
		"libxl prefers json-c to yajl: pretty-printed JSON reads \"key\":value and escapes / as \\/"},
	NoQemuTraditional: {NoQemuTraditional, "no qemu-xen-traditional", Xen421, []string{"19ab8356ab"},
		"device_model_version=\"qemu-xen-traditional\" is refused"},
	Vbd3ReadBack: {Vbd3ReadBack, "vbd3 read back", Xen419, []string{"6d7d8d2b3e"},
		"a backend type node \"vbd3\" reads back as backend tap (libxl_string_to_backend, disk_eject_xswatch_callback); before, it is unknown"},
	CdInsertParams: {CdInsertParams, "cd-insert params", Xen420, []string{"a18b50614d"},
		"cd-insert writes the params node as FORMAT:PATH only for a non-empty qdisk medium and as the bare target otherwise, and its eject step writes the new medium's bare target (before: FORMAT:PATH for any non-empty medium, \"\" for an empty one and on eject)"},
}

// Has reports whether release v (zero: Default) has feature f.
func (v Version) Has(f Feature) bool {
	if f < 0 || f >= numFeatures {
		return false
	}
	return v.Or().AtLeast(Table[f].Since)
}

// String returns the feature's short name.
func (f Feature) String() string {
	if f < 0 || f >= numFeatures {
		return "Feature(?)"
	}
	return Table[f].Name
}
