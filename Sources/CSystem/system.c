#define _GNU_SOURCE
#include <spawn.h>
#include <syslog.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include "patvault_system.h"

int patvault_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest) {
    return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
}

int patvault_spawn_new_session(posix_spawnattr_t *attributes) {
    return posix_spawnattr_setflags(attributes, POSIX_SPAWN_SETSID);
}

void patvault_syslog(int facility, const char *tag, int priority, const char *message) {
    openlog(tag, LOG_PID | LOG_NDELAY, facility);
    syslog(priority, "%s", message);
    closelog();
}

int patvault_harden_process(void) {
    struct rlimit none = {0, 0};
    int result = 0;
    if (setrlimit(RLIMIT_CORE, &none) != 0) result = -1;
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) result = -1;
    return result;
}
