package validate

import "github.com/xldisk/xldisk/diag"

// Rule ids of this package: XLD1xx for vdevs, backends and libxl's semantic
// rules, XLD200-XLD239 for what QEMU (qemu-xen, as libxl_dm.c drives it)
// cannot emulate.
const (
	RuleVdevInvalid       = "XLD100"
	RuleVdevNonCanonical  = "XLD101"
	RuleEmptyNotCdrom     = "XLD102"
	RuleEmptyWithImage    = "XLD103"
	RuleNoBackend         = "XLD104"
	RuleBackendUnsuitable = "XLD105"
	RuleHVMCdromBackend   = "XLD106"
	RuleVirtioHotplug     = "XLD107"
	RuleStatFailed        = "XLD108"
	RuleNotBlockOrFile    = "XLD109"
	RuleColoMissing       = "XLD110"
	RuleColoUnused        = "XLD111"
	RuleSpecBackend       = "XLD112"
	RuleDuplicateDevice   = "XLD113"
	RuleDeprecatedPrefix  = "XLD114"
	RuleColoSyntax        = "XLD115"

	RuleReadOnlyIDE   = "XLD200"
	RuleReadOnlyAHCI  = "XLD201"
	RuleIDEIndex      = "XLD202"
	RuleAHCIIndex     = "XLD203"
	RuleCdromIndex    = "XLD204"
	RuleCdromBus      = "XLD205"
	RuleVdevNumberHVM = "XLD206"
	RuleSlotConflict  = "XLD207"
	RuleSCSIID        = "XLD208"
	RuleTapHVM        = "XLD209"
)

func init() {
	const attach = "libxl refuses the disk, so xl create or xl block-attach fails. "
	const pvOnly = "libxl_dm.c skips the disk with a warning: the guest sees it through PV drivers only, so an OS without PV drivers (or its boot loader) does not see it. "
	diag.Register(
		diag.Rule{ID: RuleVdevInvalid, Severity: diag.Error, Summary: "vdev not decodable",
			Why:  attach + "libxl__device_disk_dev_number accepts xvdX[N] (disk < 2^20, partition <= 255), hdX[N] (a-d, <= 63), sdX[N] (a-p, <= 15), dNpM and plain device numbers; a partition has no leading zero. Names it lets through with a nonsense number (hd, xvd, xvda-1) are refused here too.",
			Bad:  "disk = [ '/dev/vg/a,raw,hde,w' ]",
			Good: "disk = [ '/dev/vg/a,raw,hdd,w' ]"},
		diag.Rule{ID: RuleVdevNonCanonical, Severity: diag.Warning, Summary: "vdev spelled in a non-canonical way",
			Why:  "libxl reads the vdev with C's sscanf/strtoul, so d0p1, xvda+1, 0x10 or ' 5' are accepted and mean the same device as another name; the name is also written to xenstore (dev) and shown by xl block-list as given. Use the canonical name.",
			Bad:  "disk = [ 'vdev=d0p1,target=/dev/vg/a' ]",
			Good: "disk = [ 'vdev=xvda1,target=/dev/vg/a' ]"},
		diag.Rule{ID: RuleEmptyNotCdrom, Severity: diag.Error, Summary: "empty format on a disk that is not a CD-ROM",
			Why:  attach + "libxl__device_disk_set_backend: \"Disk vdev=... is empty but not cdrom\". Only a CD-ROM drive may be empty.",
			Bad:  "disk = [ '/dev/vg/a,empty,xvda,w' ]",
			Good: "disk = [ '/dev/vg/a,raw,xvda,w' ]"},
		diag.Rule{ID: RuleEmptyWithImage, Severity: diag.Error, Summary: "empty CD-ROM with an image",
			Why:  attach + "libxl__device_disk_set_backend: \"Disk vdev=... is empty but an image has been provided\". Drop format=empty or the target.",
			Bad:  "type = \"hvm\"\ndisk = [ '/srv/a.iso,empty,hdc:cdrom,r' ]",
			Good: "type = \"hvm\"\ndisk = [ '/srv/a.iso,raw,hdc:cdrom,r' ]"},
		diag.Rule{ID: RuleNoBackend, Severity: diag.Error, Summary: "no backend fits the disk",
			Why:  attach + "With no backendtype=, libxl tries phy, qdisk, tap and standalone in that order (disk_try_backend) and fails with \"no suitable backend for disk\" when none fits; xldisk explain lists why each was refused.",
			Bad:  "disk = [ 'vdev=xvda,specification=virtio,format=qcow2,target=/srv/a.qcow2' ]",
			Good: "disk = [ 'vdev=xvda,specification=virtio,format=raw,target=/srv/a.img' ]"},
		diag.Rule{ID: RuleBackendUnsuitable, Severity: diag.Error, Summary: "requested backend does not fit the disk",
			Why:  attach + "backendtype= is checked by disk_try_backend like an automatic choice: phy needs a raw block device or regular file on Linux (or script=, or a driver domain), tap raw or vhd, qdisk no script=, standalone the same as phy without script=; phy, tap and standalone refuse COLO.",
			Bad:  "disk = [ '/srv/a.qcow2,qcow2,xvda,w,backendtype=phy' ]",
			Good: "disk = [ '/srv/a.qcow2,qcow2,xvda,w,backendtype=qdisk' ]"},
		diag.Rule{ID: RuleHVMCdromBackend, Severity: diag.Error, Summary: "HVM CD-ROM backend must be qdisk or phy",
			Why:  attach + "libxl__device_disk_setdefault: \"Backend for CD devices on HVM guests must be Qdisk or Phy\"; with no backendtype= it forces qdisk.",
			Bad:  "type = \"hvm\"\ndisk = [ '/srv/a.iso,raw,hdc:cdrom,r,backendtype=tap' ]",
			Good: "type = \"hvm\"\ndisk = [ '/srv/a.iso,raw,hdc:cdrom,r' ]"},
		diag.Rule{ID: RuleVirtioHotplug, Severity: diag.Error, Summary: "virtio disk hotplug",
			Why:  "libxl__device_disk_setdefault: \"Hotplug isn't supported for specification virtio\"; xl block-attach fails. Put the disk in the domain config instead (only reported for block-attach).",
			Bad:  "disk = [ 'vdev=xvda,specification=virtio,target=/dev/vg/a' ]",
			Good: "disk = [ 'vdev=xvda,target=/dev/vg/a' ]"},
		diag.Rule{ID: RuleStatFailed, Severity: diag.Error, Summary: "target cannot be stat'ed",
			Why:  attach + "Before trying phy or standalone in dom0 without script=, libxl stats the target: \"Disk vdev=... failed to stat\". Only checked with --probe-host (the offline host assumes every target exists).",
			Bad:  "disk = [ '/nonexistent/xldisk-example.img,raw,xvda,w' ]",
			Good: "disk = [ '/dev/null,raw,xvda,w' ]"},
		diag.Rule{ID: RuleNotBlockOrFile, Severity: diag.Error, Summary: "target is neither a block device nor a file (2015)",
			Why:  attach + "The 2015 series' libxl (Xen 4.6) refused a target that is neither a block device nor a regular file: \"phys path is not a block dev or file\". Only checked with --probe-host --dialect=2015.",
			Bad:  "disk = [ '/tmp,raw,xvda,w' ]",
			Good: "disk = [ '/dev/vg/a,raw,xvda,w' ]"},
		diag.Rule{ID: RuleColoMissing, Severity: diag.Error, Summary: "COLO disk without all its replication parameters",
			Why:  "A COLO disk needs colo-host, colo-port, colo-export, active-disk and hidden-disk (2015: colo-params, active-disk, hidden-disk). Upstream libxl does not check: it writes \"(null)\" into xenstore and QEMU's drive (id=(null)), and replication cannot start; the 2015 series refused the qdisk backend.",
			Bad:  "type = \"hvm\"\ndisk = [ '/srv/a.img,raw,xvda,w,colo,colo-host=10.0.0.2,colo-port=9000' ]",
			Good: "type = \"hvm\"\ndisk = [ '/srv/a.img,raw,xvda,w,colo,colo-host=10.0.0.2,colo-port=9000,colo-export=e1,active-disk=/srv/act.qcow2,hidden-disk=/srv/hid.qcow2' ]"},
		diag.Rule{ID: RuleColoUnused, Severity: diag.Warning, Summary: "COLO parameters without colo",
			Why:  "colo-host, colo-port, colo-export, active-disk and hidden-disk only matter with colo; without it libxl ignores them (the 2015 series also refused phy and tap for a disk with active-disk or hidden-disk). Add colo or drop them.",
			Bad:  "disk = [ '/srv/a.img,raw,xvda,w,active-disk=/srv/act.qcow2' ]",
			Good: "disk = [ '/srv/a.img,raw,xvda,w' ]"},
		diag.Rule{ID: RuleSpecBackend, Severity: diag.Error, Summary: "specification and backend do not match",
			Why:  attach + "disk_try_backend: specification=virtio goes only with backendtype=standalone, and standalone only with virtio.",
			Bad:  "disk = [ 'vdev=xvda,backendtype=standalone,target=/dev/vg/a' ]",
			Good: "disk = [ 'vdev=xvda,backendtype=standalone,specification=virtio,target=/dev/vg/a' ]"},
		diag.Rule{ID: RuleDuplicateDevice, Severity: diag.Error, Summary: "two disks with the same device number",
			Why:  "Two vdevs that decode to the same device number (xvda, d0p0 and 51712 are one device) collide in xenstore: libxl fails the second with \"device already exists in xenstore\".",
			Bad:  "disk = [ '/dev/vg/a,raw,xvda,w', '/dev/vg/b,raw,d0p0,w' ]",
			Good: "disk = [ '/dev/vg/a,raw,xvda,w', '/dev/vg/b,raw,xvdb,w' ]"},
		diag.Rule{ID: RuleDeprecatedPrefix, Severity: diag.Warning, Summary: "deprecated target prefix",
			Why:  "Prefixes such as phy:, file:, tap:aio:, qcow2: before the target are deprecated syntax (xl-disk-configuration.5); tap:, aio: and file: are silently dropped, so they no longer choose a backend. Use format=, script= and backendtype= instead.",
			Bad:  "disk = [ 'tap:aio:/srv/a.img,xvda,w' ]",
			Good: "disk = [ '/srv/a.img,raw,xvda,w' ]"},
		diag.Rule{ID: RuleColoSyntax, Severity: diag.Warning, Summary: "COLO syntax of the other dialect",
			Why:  "colo-params=host:port:exportname=NAME is the 2015 COLO series' syntax, not accepted by upstream xl, which has colo-host=, colo-port= and colo-export=; the 2015 series had only colo-params=.",
			Bad:  "type = \"hvm\"\ndisk = [ '/srv/a.img,raw,xvda,w,colo,colo-params=10.0.0.2:9000:exportname=e1,active-disk=/srv/act.qcow2,hidden-disk=/srv/hid.qcow2' ]",
			Good: "type = \"hvm\"\ndisk = [ '/srv/a.img,raw,xvda,w,colo,colo-host=10.0.0.2,colo-port=9000,colo-export=e1,active-disk=/srv/act.qcow2,hidden-disk=/srv/hid.qcow2' ]"},

		diag.Rule{ID: RuleReadOnlyIDE, Severity: diag.Error, Summary: "read-only IDE disk",
			Why:  "libxl_dm.c: \"qemu-xen doesn't support read-only IDE disk drivers\": domain creation fails for a read-only emulated IDE disk (the first four non-CD-ROM disks of an HVM guest). Make it writable, a CD-ROM, or an xvd beyond the fourth. (The 2015 series predates this check: it emulated the disk writable.)",
			Bad:  "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,hda,r' ]",
			Good: "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,hda,w' ]"},
		diag.Rule{ID: RuleReadOnlyAHCI, Severity: diag.Error, Summary: "read-only AHCI disk",
			Why:  "libxl_dm.c: \"qemu-xen doesn't support read-only AHCI disk drivers\": with hdtype=\"ahci\", domain creation fails for a read-only disk among the first six.",
			Bad:  "type = \"hvm\"\nhdtype = \"ahci\"\ndisk = [ '/dev/vg/a,raw,xvde,r' ]",
			Good: "type = \"hvm\"\nhdtype = \"ahci\"\ndisk = [ '/dev/vg/a,raw,xvde,w' ]"},
		diag.Rule{ID: RuleIDEIndex, Severity: diag.Warning, Summary: "IDE disk beyond the fourth is not emulated",
			Why:  pvOnly + "QEMU emulates four IDE disks (indexes 0-3: hda-hdd, xvda-xvdd); \"Only 4 emulated IDE disks are supported\". Use hdtype=\"ahci\" (six) or sd names (SCSI).",
			Bad:  "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,xvde,w' ]",
			Good: "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,xvdd,w' ]"},
		diag.Rule{ID: RuleAHCIIndex, Severity: diag.Warning, Summary: "AHCI disk beyond the sixth is not emulated",
			Why:  pvOnly + "With hdtype=\"ahci\" libxl attaches disks 0-5 to the AHCI controller and skips the rest.",
			Bad:  "type = \"hvm\"\nhdtype = \"ahci\"\ndisk = [ '/dev/vg/a,raw,xvdg,w' ]",
			Good: "type = \"hvm\"\nhdtype = \"ahci\"\ndisk = [ '/dev/vg/a,raw,xvdf,w' ]"},
		diag.Rule{ID: RuleCdromIndex, Severity: diag.Warning, Summary: "CD-ROM beyond the first disks is not emulated",
			Why:  pvOnly + "\"Emulated CDROM can be only one of the first 4 disks\": a CD-ROM whose vdev's disk index is above 4 gets no IDE drive, so an HVM guest without PV drivers has no CD-ROM.",
			Bad:  "type = \"hvm\"\ndisk = [ '/srv/a.iso,raw,xvdf:cdrom,r' ]",
			Good: "type = \"hvm\"\ndisk = [ '/srv/a.iso,raw,hdc:cdrom,r' ]"},
		diag.Rule{ID: RuleCdromBus, Severity: diag.Error, Summary: "CD-ROM on disk index 4 breaks QEMU",
			Why:  "libxl_dm.c only skips CD-ROMs with disk index > 4, so index 4 (xvde, sde) gets -device ide-cd,bus=ide.2: QEMU has only ide.0 and ide.1 and exits with \"Bus 'ide.2' not found\" (checked with QEMU 7.2), so the domain does not start. In the 2015 series every CD-ROM from index 4 on became -drive if=ide,index=N, which QEMU refuses (\"machine type does not support if=ide,bus=2\").",
			Bad:  "type = \"hvm\"\ndisk = [ '/srv/a.iso,raw,xvde:cdrom,r' ]",
			Good: "type = \"hvm\"\ndisk = [ '/srv/a.iso,raw,xvdd:cdrom,r' ]"},
		diag.Rule{ID: RuleVdevNumberHVM, Severity: diag.Warning, Summary: "numeric vdev is not emulated",
			Why:  pvOnly + "libxl cannot tell the disk index of a plain device number (\"unable to determine disk number\"), so QEMU never sees it. Use an hd/xvd/sd name.",
			Bad:  "type = \"hvm\"\ndisk = [ 'vdev=51712,target=/dev/vg/a' ]",
			Good: "type = \"hvm\"\ndisk = [ 'vdev=xvda,target=/dev/vg/a' ]"},
		diag.Rule{ID: RuleSlotConflict, Severity: diag.Error, Summary: "two disks on one emulated slot",
			Why:  "QEMU's slot comes from the vdev's disk index only, so hda and xvda (or hdc and a CD-ROM xvdc) both become IDE index 0 (2): QEMU refuses the second drive and the domain does not start, although libxl sees two different device numbers.",
			Bad:  "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,hda,w', '/dev/vg/b,raw,xvda,w' ]",
			Good: "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,hda,w', '/dev/vg/b,raw,xvdb,w' ]"},
		diag.Rule{ID: RuleSCSIID, Severity: diag.Error, Summary: "SCSI id beyond QEMU's lsi53c895a",
			Why:  "libxl_dm.c gives an sd disk scsi-id equal to its disk index, but QEMU's lsi53c895a has ids 0-7: sdi to sdp fail with \"bad scsi device id\" (checked with QEMU 7.2) and the domain does not start.",
			Bad:  "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,sdi,w' ]",
			Good: "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,sdh,w' ]"},
		diag.Rule{ID: RuleTapHVM, Severity: diag.Warning, Summary: "tap disk in an HVM guest",
			Why:  "libxl_dm.c asserts that a disk it emulates is not on the tap backend (assert(disks[i].backend != LIBXL_DISK_BACKEND_TAP)), so an HVM guest with a tap disk in the emulated range aborts xl. Use qdisk.",
			Bad:  "type = \"hvm\"\ndisk = [ '/srv/a.vhd,vhd,xvda,w,backendtype=tap' ]",
			Good: "type = \"hvm\"\ndisk = [ '/srv/a.vhd,vhd,xvda,w' ]"},
	)
}
