// SPDX-License-Identifier: GPL-2.0
/// A field that is read with READ_ONCE() somewhere (a lockless reader) is
/// written with WRITE_ONCE() everywhere: a plain store may be torn, fused
/// or invented by the compiler, and is a data race KCSAN reports.
/// Reports every plain write (=, op=, ++, --) of such a field.
//
// Fields are matched by member name, over every file spatch is given:
//	spatch --very-quiet --include-headers \
//		--cocci-file scripts/lockless-once.cocci \
//		--dir module
// (one process, no --jobs: the reads of one file and the writes of
// another meet in the finalize rule). Static check static/lockless-once.

@initialize:python@
@@
once_read = set()
plain_writes = []

@r@
expression e;
identifier f;
@@
READ_ONCE(\(e->f\|e.f\))

@script:python@
f << r.f;
@@
once_read.add(f)

@w@
expression e, v;
identifier f;
assignment operator aop;
position p;
@@
(
e->f@p aop v
|
e.f@p aop v
|
e->f@p++
|
e.f@p++
|
e->f@p--
|
e.f@p--
|
 ++e->f@p
|
 ++e.f@p
|
 --e->f@p
|
 --e.f@p
)

@script:python@
f << w.f;
p << w.p;
@@
plain_writes.append((p[0].file, int(p[0].line), p[0].current_element, f))

@finalize:python@
@@
for file, line, fn, f in sorted(set(plain_writes)):
	if f in once_read:
		print("%s:%d: %s(): plain write of '%s', which is read with READ_ONCE(): use WRITE_ONCE()"
		      % (file, line, fn, f))
