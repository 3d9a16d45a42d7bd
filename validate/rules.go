package validate

import (
	"strings"

	"github.com/xldisk/xldisk/diag"
)

// The rules of this package: XLD1xx for vdevs, backends and libxl's
// semantic rules, XLD2xx for what QEMU (qemu-xen, as libxl_dm.c drives it)
// cannot emulate or would misread. Every decision libxl makes about a disk
// is taken here once, so each rule is reported by this package only.
// Retired ids, never reused: XLD209 (tap disk in an HVM guest:
// before 4.19 libxl never chooses tap, from 4.19 it is XLD244), XLD240,
// XLD241, XLD245-XLD247, XLD251, XLD252, XLD256, XLD261 (invalid 2015
// colo-params: diskspec refuses a malformed one, XLD014, and upstream
// COLO syntax in the 2015 dialect is refused as XLD115).

const (
	attach = "libxl refuses the disk, so xl create or xl block-attach fails. "
	pvOnly = "libxl_dm.c skips the disk with a warning: the guest sees it through PV drivers only, so an OS without PV drivers (or its boot loader) does not see it. "
	hvm    = "type = \"hvm\"\n"
)

// RuleVdevInvalid (XLD100): vdev not decodable.
var RuleVdevInvalid = diag.Register(diag.Rule{ID: "XLD100", Severity: diag.Error, Summary: "vdev not decodable",
	Why:  attach + "libxl__device_disk_dev_number accepts xvdX[N] (disk < 2^20, partition <= 255), hdX[N] (a-d, <= 63), sdX[N] (a-p, <= 15), dNpM and plain device numbers; a partition has no leading zero. Names it lets through with a nonsense number (hd, xvd, xvda-1) are refused here too.",
	Bad:  "disk = [ '/dev/vg/a,raw,hde,w' ]",
	Good: "disk = [ '/dev/vg/a,raw,hdd,w' ]"})

// RuleVdevNonCanonical (XLD101): vdev spelled in a non-canonical way.
var RuleVdevNonCanonical = diag.Register(diag.Rule{ID: "XLD101", Severity: diag.Info, Summary: "vdev spelled in a non-canonical way",
	Why:  "libxl reads the vdev with C's sscanf/strtoul, so d0p1, xvda+1, 0x10 or ' 5' are accepted and mean the same device as another name; the name is also written to xenstore (dev) and shown by xl block-list as given. Use the canonical name.",
	Bad:  "disk = [ 'vdev=d0p1,target=/dev/vg/a' ]",
	Good: "disk = [ 'vdev=xvda1,target=/dev/vg/a' ]"})

// RuleEmptyNotCdrom (XLD102): empty format on a disk that is not a CD-ROM.
var RuleEmptyNotCdrom = diag.Register(diag.Rule{ID: "XLD102", Severity: diag.Error, Summary: "empty format on a disk that is not a CD-ROM",
	Why:  attach + "libxl__device_disk_set_backend: \"Disk vdev=... is empty but not cdrom\". Only a CD-ROM drive may be empty.",
	Bad:  "disk = [ '/dev/vg/a,empty,xvda,w' ]",
	Good: "disk = [ '/dev/vg/a,raw,xvda,w' ]"})

// RuleEmptyWithImage (XLD103): empty CD-ROM with an image.
var RuleEmptyWithImage = diag.Register(diag.Rule{ID: "XLD103", Severity: diag.Error, Summary: "empty CD-ROM with an image",
	Why:  attach + "libxl__device_disk_set_backend: \"Disk vdev=... is empty but an image has been provided\". Drop format=empty or the target.",
	Bad:  "type = \"hvm\"\ndisk = [ '/srv/a.iso,empty,hdc:cdrom,r' ]",
	Good: "type = \"hvm\"\ndisk = [ '/srv/a.iso,raw,hdc:cdrom,r' ]"})

// RuleNoBackend (XLD104): no backend fits the disk.
var RuleNoBackend = diag.Register(diag.Rule{ID: "XLD104", Severity: diag.Error, Summary: "no backend fits the disk",
	Why:  attach + "With no backendtype=, libxl tries phy, qdisk, tap and standalone in that order (disk_try_backend) and fails with \"no suitable backend for disk\" when none fits; xldisk explain lists why each was refused.",
	Bad:  "disk = [ 'vdev=xvda,specification=virtio,format=qcow2,target=/srv/a.qcow2' ]",
	Good: "disk = [ 'vdev=xvda,specification=virtio,format=raw,target=/srv/a.img' ]"})

// RuleBackendUnsuitable (XLD105): requested backend does not fit the disk.
var RuleBackendUnsuitable = diag.Register(diag.Rule{ID: "XLD105", Severity: diag.Error, Summary: "requested backend does not fit the disk",
	Why:  attach + "backendtype= is checked by disk_try_backend like an automatic choice: phy needs a raw block device or regular file on Linux (or script=, or a driver domain), tap raw or vhd, qdisk no script=, standalone the same as phy without script=; phy, tap and standalone refuse COLO.",
	Bad:  "disk = [ '/srv/a.qcow2,qcow2,xvda,w,backendtype=phy' ]",
	Good: "disk = [ '/srv/a.qcow2,qcow2,xvda,w,backendtype=qdisk' ]"})

// RuleHVMCdromBackend (XLD106): HVM CD-ROM backend must be qdisk or phy.
var RuleHVMCdromBackend = diag.Register(diag.Rule{ID: "XLD106", Severity: diag.Error, Summary: "HVM CD-ROM backend must be qdisk or phy",
	Why:  attach + "libxl__device_disk_setdefault: \"Backend for CD devices on HVM guests must be Qdisk or Phy\"; with no backendtype= it forces qdisk.",
	Bad:  "type = \"hvm\"\ndisk = [ '/srv/a.iso,raw,hdc:cdrom,r,backendtype=tap' ]",
	Good: "type = \"hvm\"\ndisk = [ '/srv/a.iso,raw,hdc:cdrom,r' ]"})

// RuleVirtioHotplug (XLD107): virtio disk hotplug.
var RuleVirtioHotplug = diag.Register(diag.Rule{ID: "XLD107", Severity: diag.Error, Summary: "virtio disk hotplug",
	Why:  "libxl__device_disk_setdefault: \"Hotplug isn't supported for specification virtio\"; xl block-attach fails. Put the disk in the domain config instead (only reported for block-attach).",
	Bad:  "disk = [ 'vdev=xvda,specification=virtio,target=/dev/vg/a' ]",
	Good: "disk = [ 'vdev=xvda,target=/dev/vg/a' ]"})

// RuleStatFailed (XLD108): target cannot be stat'ed.
var RuleStatFailed = diag.Register(diag.Rule{ID: "XLD108", Severity: diag.Error, Summary: "target cannot be stat'ed",
	Why:  attach + "Before trying phy or standalone in dom0 without script=, libxl stats the target: \"Disk vdev=... failed to stat\". Only checked with --probe-host (the offline host assumes every target exists).",
	Bad:  "disk = [ '/nonexistent/xldisk-example.img,raw,xvda,w' ]",
	Good: "disk = [ '/dev/null,raw,xvda,w' ]"})

// RuleNotBlockOrFile (XLD109): target is neither a block device nor a file (2015).
var RuleNotBlockOrFile = diag.Register(diag.Rule{ID: "XLD109", Severity: diag.Error, Summary: "target is neither a block device nor a file (2015)",
	Why:  attach + "The 2015 series' libxl (Xen 4.6) refused a target that is neither a block device nor a regular file: \"phys path is not a block dev or file\". Only checked with --probe-host --dialect=2015.",
	Bad:  "disk = [ '/tmp,raw,xvda,w' ]",
	Good: "disk = [ '/dev/vg/a,raw,xvda,w' ]"})

// RuleColoMissing (XLD110): COLO disk without all its replication parameters.
var RuleColoMissing = diag.Register(diag.Rule{ID: "XLD110", Severity: diag.Error, Summary: "COLO disk without all its replication parameters",
	Why:  "A COLO disk needs colo-host, colo-port, colo-export, active-disk and hidden-disk (2015: colo-params, active-disk, hidden-disk). Upstream libxl does not check: it writes \"(null)\" into xenstore and QEMU's drive (id=(null)), and replication cannot start; the 2015 series refused the qdisk backend.",
	Bad:  "type = \"hvm\"\ndisk = [ '/srv/a.img,raw,xvda,w,colo,colo-host=10.0.0.2,colo-port=9000' ]",
	Good: "type = \"hvm\"\ndisk = [ '/srv/a.img,raw,xvda,w,colo,colo-host=10.0.0.2,colo-port=9000,colo-export=e1,active-disk=/srv/act.qcow2,hidden-disk=/srv/hid.qcow2' ]"})

// RuleColoUnused (XLD111): COLO parameters without colo.
var RuleColoUnused = diag.Register(diag.Rule{ID: "XLD111", Severity: diag.Warning, Summary: "COLO parameters without colo",
	Why:  "colo-host, colo-port, colo-export, active-disk and hidden-disk only matter with colo; without it libxl ignores them (the 2015 series also refused phy and tap for a disk with active-disk or hidden-disk). Add colo or drop them.",
	Bad:  "disk = [ '/srv/a.img,raw,xvda,w,active-disk=/srv/act.qcow2' ]",
	Good: "disk = [ '/srv/a.img,raw,xvda,w' ]"})

// RuleSpecBackend (XLD112): specification and backend do not match.
var RuleSpecBackend = diag.Register(diag.Rule{ID: "XLD112", Severity: diag.Error, Summary: "specification and backend do not match",
	Why:  attach + "disk_try_backend: specification=virtio goes only with backendtype=standalone, and standalone only with virtio.",
	Bad:  "disk = [ 'vdev=xvda,backendtype=standalone,target=/dev/vg/a' ]",
	Good: "disk = [ 'vdev=xvda,backendtype=standalone,specification=virtio,target=/dev/vg/a' ]"})

// RuleDuplicateDevice (XLD113): two disks with the same device number.
var RuleDuplicateDevice = diag.Register(diag.Rule{ID: "XLD113", Severity: diag.Error, Summary: "two disks with the same device number",
	Why:  "Two vdevs that decode to the same device number (xvda, d0p0 and 51712 are one device) collide in xenstore: libxl fails the second with \"device already exists in xenstore\".",
	Bad:  "disk = [ '/dev/vg/a,raw,xvda,w', '/dev/vg/b,raw,d0p0,w' ]",
	Good: "disk = [ '/dev/vg/a,raw,xvda,w', '/dev/vg/b,raw,xvdb,w' ]"})

// RuleDeprecatedPrefix (XLD114): deprecated target or vdev prefix.
var RuleDeprecatedPrefix = diag.Register(diag.Rule{ID: "XLD114", Severity: diag.Info, Summary: "deprecated target or vdev prefix",
	Why:  "Prefixes such as phy:, file:, tap:aio:, qcow2: before the target, and ioemu: before the vdev, are deprecated syntax (xl-disk-configuration.5) that still works: tap:, aio:, ioemu: and file: are silently dropped, so they no longer choose a backend. Use format=, script= and backendtype= instead.",
	Bad:  "disk = [ 'tap:aio:/srv/a.img,xvda,w' ]",
	Good: "disk = [ '/srv/a.img,raw,xvda,w' ]"})

// RuleColoSyntax (XLD115): COLO syntax of the other dialect.
var RuleColoSyntax = diag.Register(diag.Rule{ID: "XLD115", Severity: diag.Error, Summary: "COLO syntax of the other dialect",
	Why:  "colo-params=host:port:exportname=NAME is the 2015 COLO series' syntax: upstream xl (4.17 to 4.22) rejects it as an unknown parameter, and has colo-host=, colo-port= and colo-export= instead; the 2015 series had only colo-params= and rejects those. xldisk reads both, so that a config of either dialect can be checked and converted.",
	Bad:  "type = \"hvm\"\ndisk = [ '/srv/a.img,raw,xvda,w,colo,colo-params=10.0.0.2:9000:exportname=e1,active-disk=/srv/act.qcow2,hidden-disk=/srv/hid.qcow2' ]",
	Good: "type = \"hvm\"\ndisk = [ '/srv/a.img,raw,xvda,w,colo,colo-host=10.0.0.2,colo-port=9000,colo-export=e1,active-disk=/srv/act.qcow2,hidden-disk=/srv/hid.qcow2' ]"})

// RuleReadOnlyIDE (XLD200): read-only IDE disk.
var RuleReadOnlyIDE = diag.Register(diag.Rule{ID: "XLD200", Severity: diag.Error, Summary: "read-only IDE disk",
	Why:  "libxl_dm.c: \"qemu-xen doesn't support read-only IDE disk drivers\": domain creation fails for a read-only emulated IDE disk (the first four non-CD-ROM disks of an HVM guest). Make it writable, a CD-ROM, or an xvd beyond the fourth. (The 2015 series predates this check: it emulated the disk writable.)",
	Bad:  "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,hda,r' ]",
	Good: "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,hda,w' ]"})

// RuleReadOnlyAHCI (XLD201): read-only AHCI disk.
var RuleReadOnlyAHCI = diag.Register(diag.Rule{ID: "XLD201", Severity: diag.Error, Summary: "read-only AHCI disk",
	Why:  "libxl_dm.c: \"qemu-xen doesn't support read-only AHCI disk drivers\": with hdtype=\"ahci\", domain creation fails for a read-only disk among the first six.",
	Bad:  "type = \"hvm\"\nhdtype = \"ahci\"\ndisk = [ '/dev/vg/a,raw,xvde,r' ]",
	Good: "type = \"hvm\"\nhdtype = \"ahci\"\ndisk = [ '/dev/vg/a,raw,xvde,w' ]"})

// RuleIDEIndex (XLD202): IDE disk beyond the fourth is not emulated.
var RuleIDEIndex = diag.Register(diag.Rule{ID: "XLD202", Severity: diag.Warning, Summary: "IDE disk beyond the fourth is not emulated",
	Why:  pvOnly + "QEMU emulates four IDE disks (indexes 0-3: hda-hdd, xvda-xvdd); \"Only 4 emulated IDE disks are supported\". Use hdtype=\"ahci\" (six) or sd names (SCSI).",
	Bad:  "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,xvde,w' ]",
	Good: "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,xvdd,w' ]"})

// RuleAHCIIndex (XLD203): AHCI disk beyond the sixth is not emulated.
var RuleAHCIIndex = diag.Register(diag.Rule{ID: "XLD203", Severity: diag.Warning, Summary: "AHCI disk beyond the sixth is not emulated",
	Why:  pvOnly + "With hdtype=\"ahci\" libxl attaches disks 0-5 to the AHCI controller and skips the rest.",
	Bad:  "type = \"hvm\"\nhdtype = \"ahci\"\ndisk = [ '/dev/vg/a,raw,xvdg,w' ]",
	Good: "type = \"hvm\"\nhdtype = \"ahci\"\ndisk = [ '/dev/vg/a,raw,xvdf,w' ]"})

// RuleCdromIndex (XLD204): CD-ROM beyond the first disks is not emulated.
var RuleCdromIndex = diag.Register(diag.Rule{ID: "XLD204", Severity: diag.Warning, Summary: "CD-ROM beyond the first disks is not emulated",
	Why:  pvOnly + "\"Emulated CDROM can be only one of the first 4 disks\": a CD-ROM whose vdev's disk index is above 4 gets no IDE drive, so an HVM guest without PV drivers has no CD-ROM.",
	Bad:  "type = \"hvm\"\ndisk = [ '/srv/a.iso,raw,xvdf:cdrom,r' ]",
	Good: "type = \"hvm\"\ndisk = [ '/srv/a.iso,raw,hdc:cdrom,r' ]"})

// RuleCdromBus (XLD205): CD-ROM on disk index 4 breaks QEMU.
var RuleCdromBus = diag.Register(diag.Rule{ID: "XLD205", Severity: diag.Error, Summary: "CD-ROM on disk index 4 breaks QEMU",
	Why:  "libxl_dm.c only skips CD-ROMs with disk index > 4, so index 4 (xvde, sde) gets -device ide-cd,bus=ide.2: QEMU has only ide.0 and ide.1 and exits with \"Bus 'ide.2' not found\" (checked with QEMU 7.2), so the domain does not start. In the 2015 series every CD-ROM from index 4 on became -drive if=ide,index=N, which QEMU refuses (\"machine type does not support if=ide,bus=2\").",
	Bad:  "type = \"hvm\"\ndisk = [ '/srv/a.iso,raw,xvde:cdrom,r' ]",
	Good: "type = \"hvm\"\ndisk = [ '/srv/a.iso,raw,xvdd:cdrom,r' ]"})

// RuleVdevNumberHVM (XLD206): numeric vdev is not emulated.
var RuleVdevNumberHVM = diag.Register(diag.Rule{ID: "XLD206", Severity: diag.Warning, Summary: "numeric vdev is not emulated",
	Why:  pvOnly + "libxl cannot tell the disk index of a plain device number (\"unable to determine disk number\"), so QEMU never sees it. Use an hd/xvd/sd name.",
	Bad:  "type = \"hvm\"\ndisk = [ 'vdev=51712,target=/dev/vg/a' ]",
	Good: "type = \"hvm\"\ndisk = [ 'vdev=xvda,target=/dev/vg/a' ]"})

// RuleSlotConflict (XLD207): two disks on one emulated slot.
var RuleSlotConflict = diag.Register(diag.Rule{ID: "XLD207", Severity: diag.Error, Summary: "two disks on one emulated slot",
	Why:  "QEMU's slot comes from the vdev's disk index only, so hda and xvda (or hdc and a CD-ROM xvdc) both become IDE index 0 (2): QEMU refuses the second drive and the domain does not start, although libxl sees two different device numbers.",
	Bad:  "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,hda,w', '/dev/vg/b,raw,xvda,w' ]",
	Good: "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,hda,w', '/dev/vg/b,raw,xvdb,w' ]"})

// RuleSCSIID (XLD208): SCSI id beyond QEMU's lsi53c895a.
var RuleSCSIID = diag.Register(diag.Rule{ID: "XLD208", Severity: diag.Error, Summary: "SCSI id beyond QEMU's lsi53c895a",
	Why:  "libxl_dm.c gives an sd disk scsi-id equal to its disk index, but QEMU's lsi53c895a has ids 0-7: sdi to sdp fail with \"bad scsi device id\" (checked with QEMU 7.2) and the domain does not start.",
	Bad:  "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,sdi,w' ]",
	Good: "type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,sdh,w' ]"})

// RuleStubdomTooMany (XLD242): stub domain: only disks a..z are emulated.
var RuleStubdomTooMany = diag.Register(diag.Rule{ID: "XLD242", Severity: diag.Warning,
	Summary: "stub domain: only disks a..z are emulated",
	Why:     "With a device-model stub domain QEMU opens /dev/xvdX inside the stub domain; libxl only names disks 0..25 that way and leaves the rest PV only.",
	Bad:     hvm + "device_model_stubdomain_override = 1\ndisk = [ '/dev/vg/a,raw,xvdaa,rw' ]",
	Good:    hvm + "device_model_stubdomain_override = 1\ndisk = [ '/dev/vg/a,raw,xvdb,rw' ]"})

// RuleNoLocalPath (XLD243): no local path to the image: the disk is PV only.
var RuleNoLocalPath = diag.Register(diag.Rule{ID: "XLD243", Severity: diag.Warning,
	Summary: "no local path to the image: the disk is PV only",
	Why: "QEMU in dom0 must open the image itself (libxl__device_disk_find_local_path): a disk served by a driver domain, " +
		"or a non-raw image on a phy or tap backend, has no such path, so libxl logs \"No way to get local access disk to image\".",
	Bad:  hvm + "disk = [ 'backend=drv,/dev/vg/a,raw,xvda,rw' ]",
	Good: hvm + "disk = [ '/dev/vg/a,raw,xvda,rw' ]"})

// RuleScriptPath (XLD244): disk with a hotplug script: QEMU's path is only known at run time.
var RuleScriptPath = diag.Register(diag.Rule{ID: "XLD244", Severity: diag.Warning,
	Summary: "disk with a hotplug script: QEMU's path is only known at run time",
	Why: "For a disk with script= libxl hands QEMU the physical-device-path that the script writes to xenstore when the domain starts; " +
		"xldisk cannot know it offline, so it renders no drive for the disk.",
	Bad:  hvm + "disk = [ 'vdev=xvda,script=block-iscsi,target=iqn.2001-05.com.example:disk' ]",
	Good: hvm + "disk = [ '/dev/vg/a,raw,xvda,rw' ]"})

// RuleBadValue (XLD248): a path QEMU cannot be given.
var RuleBadValue = diag.Register(diag.Rule{ID: "XLD248", Severity: diag.Error,
	Summary: "a path QEMU cannot be given",
	Why: "QEMU needs a non-empty file name without NUL bytes (\"A block device must be specified for file\"); a command-line argument cannot carry NUL. " +
		"A file name that starts with white space (target= /dev/vg/a) is refused too: QEMU keeps the blank and would open a relative file named after it.",
	Bad:  hvm + "disk = [ 'vdev=hda,format=raw,access=rw,target= /dev/vg/a' ]",
	Good: hvm + "disk = [ 'vdev=hda,format=raw,access=rw,target=/dev/vg/a' ]"})

// RuleBadExportID (XLD249): COLO export name is not a QEMU identifier.
var RuleBadExportID = diag.Register(diag.Rule{ID: "XLD249", Severity: diag.Error,
	Summary: "COLO export name is not a QEMU identifier",
	Why: "libxl uses colo-export as the id of a QEMU drive (the primary's quorum, the secondary's base drive); QEMU ids start with a letter " +
		"and hold only letters, digits, '-', '.' and '_', else QEMU refuses to start.",
	Bad:  hvm + "disk = [ 'vdev=hda,format=raw,access=rw,colo,colo-host=192.168.0.2,colo-port=9000,colo-export=1st disk,active-disk=/a.qcow2,hidden-disk=/h.qcow2,target=/dev/vg/a' ]",
	Good: hvm + "disk = [ 'vdev=hda,format=raw,access=rw,colo,colo-host=192.168.0.2,colo-port=9000,colo-export=disk1,active-disk=/a.qcow2,hidden-disk=/h.qcow2,target=/dev/vg/a' ]"})

// RuleColoIncomplete (XLD250): COLO disk lacks a setting its side needs.
var RuleColoIncomplete = diag.Register(diag.Rule{ID: "XLD250", Severity: diag.Error,
	Summary: "COLO disk lacks a setting its side needs",
	Why: "The primary needs colo-host, colo-port and colo-export (its quorum id and NBD peer); the secondary also needs active-disk and hidden-disk, " +
		"its replication overlays. libxl would pass \"(null)\" to QEMU, or a port that is not one (colo-port=-1; a missing setting is XLD110).",
	Bad:  hvm + "disk = [ 'vdev=hda,format=raw,access=rw,colo,colo-host=192.168.0.2,colo-port=-1,colo-export=disk1,active-disk=/a.qcow2,hidden-disk=/h.qcow2,target=/dev/vg/a' ]",
	Good: hvm + "disk = [ 'vdev=hda,format=raw,access=rw,colo,colo-host=192.168.0.2,colo-port=9000,colo-export=disk1,active-disk=/a.qcow2,hidden-disk=/h.qcow2,target=/dev/vg/a' ]"})

// RuleColoIgnored (XLD253): COLO setting ignored for this emulated disk.
var RuleColoIgnored = diag.Register(diag.Rule{ID: "XLD253", Severity: diag.Warning,
	Summary: "COLO setting ignored for this emulated disk",
	Why:     "libxl only builds COLO replication for SCSI and IDE hard disks; an AHCI disk or a cdrom is emulated as a plain drive and is not replicated.",
	Bad:     "type = \"hvm\"\nhdtype = \"ahci\"\ndisk = [ 'vdev=hda,format=raw,access=rw,colo,colo-host=192.168.0.2,colo-port=9000,colo-export=disk1,active-disk=/a.qcow2,hidden-disk=/h.qcow2,target=/dev/vg/a' ]",
	Good:    hvm + "disk = [ 'vdev=hda,format=raw,access=rw,colo,colo-host=192.168.0.2,colo-port=9000,colo-export=disk1,active-disk=/a.qcow2,hidden-disk=/h.qcow2,target=/dev/vg/a' ]"})

// RuleDialectStubdom (XLD254): 2015 dialect: no qemu-xen stub domain.
var RuleDialectStubdom = diag.Register(diag.Rule{ID: "XLD254", Severity: diag.Error,
	Summary: "2015 dialect: no qemu-xen stub domain",
	Why:     "In 2015 libxl only ran qemu-traditional in a stub domain (libxl__spawn_stub_dm refused qemu-xen), so the 2015 series has no stub-domain disk arguments.",
	Bad:     hvm + "device_model_stubdomain_override = 1\ndisk = [ '/dev/vg/a,raw,xvda,rw' ]",
	Good:    hvm + "disk = [ '/dev/vg/a,raw,xvda,rw' ]"})

// RuleReadOnly2015 (XLD255): 2015 dialect: read-only disk emulated writable.
var RuleReadOnly2015 = diag.Register(diag.Rule{ID: "XLD255", Severity: diag.Warning,
	Summary: "2015 dialect: read-only disk emulated writable",
	Why:     "Before XSA-142 (October 2015) libxl ignored access=ro for emulated hard disks: the guest could write the image through the emulated IDE or SCSI disk.",
	Bad:     hvm + "disk = [ '/dev/vg/a,raw,hda,ro' ]",
	Good:    hvm + "disk = [ '/dev/vg/a,raw,hda,rw' ]"})

// RuleJSONTarget (XLD257): json: path would let the disk set any QEMU block option.
var RuleJSONTarget = diag.Register(diag.Rule{ID: "XLD257", Severity: diag.Error,
	Summary: "json: path would let the disk set any QEMU block option",
	Why:     "QEMU reads a file name starting with json: as a JSON object of block options, so the path could open any file with any driver.",
	Bad:     hvm + "disk = [ 'vdev=hda,format=qcow2,backendtype=qdisk,access=rw,target=json:{\"file.filename\":\"/etc/shadow\"}' ]",
	Good:    hvm + "disk = [ 'vdev=hda,format=qcow2,backendtype=qdisk,access=rw,target=/srv/a.qcow2' ]"})

// RuleProtocolTarget (XLD258): relative path read by QEMU as a protocol.
var RuleProtocolTarget = diag.Register(diag.Rule{ID: "XLD258", Severity: diag.Warning,
	Summary: "relative path read by QEMU as a protocol",
	Why: "QEMU reads NAME: before the first '/' of a file name as a protocol (nbd:, rbd:, iscsi:, ...); a relative file name with a colon " +
		"is not opened as a file. Write it as an absolute path or with ./ if a file is meant.",
	Bad:  hvm + "disk = [ 'vdev=hda,format=raw,backendtype=qdisk,access=rw,target=backup:2015.img' ]",
	Good: hvm + "disk = [ 'vdev=hda,format=raw,backendtype=qdisk,access=rw,target=/srv/backup:2015.img' ]"})

// RuleNoFormat (XLD259): QEMU has no name for the image format: the disk is PV only.
var RuleNoFormat = diag.Register(diag.Rule{ID: "XLD259", Severity: diag.Warning,
	Summary: "QEMU has no name for the image format: the disk is PV only",
	Why:     "libxl__qemu_disk_format_string has no QEMU format for this disk, so libxl logs \"Unable to determine disk image format\" and skips it.",
	Bad:     hvm + "disk = [ 'vdev=hda,format=empty,backendtype=qdisk,target=' ]",
	Good:    hvm + "disk = [ 'vdev=hda,format=raw,backendtype=qdisk,access=rw,target=/srv/a.img' ]"})

// RuleAHCI2015 (XLD260): 2015 dialect: hdtype="ahci" not known, disks emulated as IDE.
var RuleAHCI2015 = diag.Register(diag.Rule{ID: "XLD260", Severity: diag.Warning,
	Summary: "2015 dialect: hdtype=\"ahci\" not known, disks emulated as IDE",
	Why:     "The 2015 COLO series was written against libxl before AHCI support (Xen 4.6); its disk loop emulates hd/xvd disks as IDE whatever hdtype says.",
	Bad:     "type = \"hvm\"\nhdtype = \"ahci\"\ndisk = [ '/dev/vg/a,raw,xvda,rw' ]",
	Good:    hvm + "disk = [ '/dev/vg/a,raw,xvda,rw' ]"})

// RuleDuplicateDriveID (XLD262): two QEMU drives with the same id.
var RuleDuplicateDriveID = diag.Register(diag.Rule{ID: "XLD262", Severity: diag.Error,
	Summary: "two QEMU drives with the same id",
	Why: "libxl names the secondary's replication drive top-colo and the primary's quorum after colo-export, so two COLO disks on one side, " +
		"or two disks sharing colo-export, give QEMU a duplicate id and it refuses to start.",
	Bad:  hvm + "disk = [ 'vdev=hda,format=raw,access=rw,colo,colo-host=h,colo-port=9000,colo-export=d1,active-disk=/a1,hidden-disk=/h1,target=/dev/vg/a', 'vdev=hdb,format=raw,access=rw,colo,colo-host=h,colo-port=9000,colo-export=d1,active-disk=/a2,hidden-disk=/h2,target=/dev/vg/b' ]",
	Good: hvm + "disk = [ 'vdev=hda,format=raw,access=rw,colo,colo-host=h,colo-port=9000,colo-export=d1,active-disk=/a1,hidden-disk=/h1,target=/dev/vg/a', 'vdev=hdb,format=raw,access=rw,target=/dev/vg/b' ]"})

// RuleStubdomCollision (XLD263): two disks become one stub-domain device.
var RuleStubdomCollision = diag.Register(diag.Rule{ID: "XLD263", Severity: diag.Error,
	Summary: "two disks become one stub-domain device",
	Why: "With a stub-domain device model, QEMU opens the disk with index N as the stub domain's /dev/xvd + letter N, whatever the vdev's kind: hda, sda and xvda are all index 0. " +
		"Two such disks make QEMU open one device twice, read-write, and fail on its write lock.",
	Bad:  hvm + "device_model_stubdomain_override = 1\ndisk = [ '/dev/vg/a,raw,hda,rw', '/dev/vg/b,raw,sda,rw' ]",
	Good: hvm + "device_model_stubdomain_override = 1\ndisk = [ '/dev/vg/a,raw,hda,rw', '/dev/vg/b,raw,sdb,rw' ]"})

// RuleParserCrash (XLD116): a disk parameter long enough to crash libxlutil.
var RuleParserCrash = diag.Register(diag.Rule{ID: "XLD116", Severity: diag.Error,
	Summary: "disk parameter long enough to crash libxlutil",
	Why: "Measured with Debian's libxlutil 4.17 and 4.20: a disk-spec parameter (keyword, value and comma) of 16,384 bytes or more makes the flex scanner corrupt the heap " +
		"(\"malloc(): corrupted top size\") and xl aborts, on the command line and inside an xl.cfg disk list. Such paths exist only by accident or attack.",
	Bad:  "disk = [ 'vdev=xvda,target=/" + strings.Repeat("a", 16400) + "' ]",
	Good: "disk = [ 'vdev=xvda,target=/srv/images/guest.img' ]"})

// RuleEmptyTarget (XLD117): a disk that is not a CD-ROM with an empty target.
var RuleEmptyTarget = diag.Register(diag.Rule{ID: "XLD117", Severity: diag.Error,
	Summary: "empty target on a disk that is not a CD-ROM",
	Why: "libxlu accepts an empty target (tap:aio:,sda1,w), but only a CD-ROM drive may be empty: libxl stats \"\" for phy and fails, " +
		"and no backend can open an empty path, so xl create fails on every host.",
	Bad:  "disk = [ 'tap:aio:,xvda,w' ]",
	Good: "disk = [ 'tap:aio:/srv/guest.img,xvda,w' ]"})

// RuleRelativeTarget (XLD118): a relative target path.
var RuleRelativeTarget = diag.Register(diag.Rule{ID: "XLD118", Severity: diag.Warning,
	Summary: "relative target path",
	Why: "libxl opens a relative target relative to the working directory of the xl process that creates the domain, which is not the config's directory. " +
		"xm prepended /dev/ to a relative phy: target (phy:hda1, phy:vg/lv); xl does not, whatever old manuals say. Known QEMU protocols with backendtype=qdisk (rbd:pool/image) are not paths and are fine.",
	Bad:  "disk = [ 'phy:vg/guest,xvda,w' ]",
	Good: "disk = [ 'phy:/dev/vg/guest,xvda,w' ]"})

// RuleTargetDir (XLD119): the target is a directory (seen with --probe-host).
var RuleTargetDir = diag.Register(diag.Rule{ID: "XLD119", Severity: diag.Error,
	Summary: "target is a directory",
	Why:     "Checked on the real host only (--probe-host): phy refuses a directory, so libxl picks qdisk, and QEMU cannot open a directory as a disk image: the domain fails to start.",
	Bad:     "disk = [ '/tmp,raw,xvda,w' ]",
	Good:    "disk = [ '/tmp/guest.img,raw,xvda,w' ]"})

// RuleTargetSwallowed (XLD120): target= took later parameters into the path.
var RuleTargetSwallowed = diag.Register(diag.Rule{ID: "XLD120", Severity: diag.Warning,
	Summary: "target= took later parameters into the path",
	Why: "target= takes the rest of the spec, commas included, so vdev=xvda,target=/x.img,access=ro opens the file \"/x.img,access=ro\" read-write: " +
		"the access=ro meant for libxl is part of the path. Write target= last.",
	Bad:  "disk = [ 'vdev=xvda,target=/srv/x.img,access=ro' ]",
	Good: "disk = [ 'vdev=xvda,access=ro,target=/srv/x.img' ]"})
