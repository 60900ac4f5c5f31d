# PGXS build of the extension. Every src/<module>/*.cpp is part of it; the pure
# modules are also built into GoogleTest binaries by CMakeLists.txt.
PG_CONFIG ?= pg_config
MODULE_big = mssql_upsert_fdw
EXTENSION = mssql_upsert_fdw
DATA = $(wildcard sql/$(EXTENSION)--*.sql)
PGFILEDESC = "mssql_upsert_fdw - sync tables between SQL Server and PostgreSQL"

SOURCES = $(sort $(wildcard src/*/*.cpp))
OBJS = $(SOURCES:.cpp=.o)

# PostgreSQL headers as system headers: their own warnings are not ours to fix.
PG_CPPFLAGS = -Isrc -isystem $(shell $(PG_CONFIG) --includedir-server)
PG_CXXFLAGS = -std=c++17 -Wall -Wextra
SHLIB_LINK = -lsybdb -lstdc++

REGRESS = options fdw_scan fdw_param
REGRESS_OPTS = --load-extension=$(EXTENSION)

# Rebuild objects when a header they include changes (a changed class layout
# compiled into only some objects crashes the backend). Dependency files go to
# .deps/, named by file stem, so stems under src/ must stay unique.
override autodepend = yes

# The bitcode for PostgreSQL's JIT would need clang; this extension does not need inlining.
override with_llvm = no

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# Objects built against another PostgreSQL would link but not load: every
# object depends on a file naming the installation, rewritten only when
# PG_CONFIG names another one.
PG_BUILD_TARGET := $(shell $(PG_CONFIG) --version) $(shell $(PG_CONFIG) --includedir-server)
.pg_build_target: FORCE
	@echo '$(PG_BUILD_TARGET)' | cmp -s - $@ || echo '$(PG_BUILD_TARGET)' > $@
$(OBJS): .pg_build_target
.PHONY: FORCE

# pg_regress outputs
EXTRA_CLEAN = results regression.diffs regression.out .pg_build_target
