#ifndef PATVAULT_SYSTEM_H
#define PATVAULT_SYSTEM_H

#include <spawn.h>

/// Adds "close every descriptor from `lowest` up" to a posix_spawn file-actions list, so a
/// hook child inherits nothing but the standard streams. glibc's
/// posix_spawn_file_actions_addclosefrom_np needs _GNU_SOURCE, which Swift cannot set.
int patvault_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest);

/// Sets POSIX_SPAWN_SETSID and POSIX_SPAWN_SETSIGDEF|SETSIGMASK-free flags (glibc extension).
int patvault_spawn_new_session(posix_spawnattr_t *attributes);

/// Writes one line to syslog(3) with the given facility, tag and priority (syslog itself is
/// variadic, which Swift cannot call).
void patvault_syslog(int facility, const char *tag, int priority, const char *message);

/// Makes the process undumpable (no core file, no ptrace by other processes of the same user)
/// and sets the core size limit to 0, before it ever holds a key or a token. prctl is
/// variadic, which Swift cannot call. Returns 0, or -1 if either call failed.
int patvault_harden_process(void);

#endif
