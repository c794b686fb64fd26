#!/bin/sh
# Creates the data directory once, then (on every start, idempotently) the database and the
# service's user from the environment, as the official image does; then runs the server.
set -eu
: "${MARIADB_DATABASE:?}" "${MARIADB_USER:?}" "${MARIADB_PASSWORD:?}" "${MARIADB_ROOT_PASSWORD:?}"
if [ ! -d /var/lib/mysql/mysql ]; then
  mariadb-install-db --user=mysql --datadir=/var/lib/mysql --skip-test-db >/dev/null
fi
init=/run/mysqld/init.sql
cat > "$init" <<SQL
CREATE DATABASE IF NOT EXISTS \`$MARIADB_DATABASE\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$MARIADB_USER'@'%' IDENTIFIED BY '$MARIADB_PASSWORD';
GRANT ALL ON \`$MARIADB_DATABASE\`.* TO '$MARIADB_USER'@'%';
CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '$MARIADB_ROOT_PASSWORD';
GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;
SQL
chown mysql:mysql "$init"
chmod 600 "$init"
exec mariadbd --user=mysql --datadir=/var/lib/mysql --bind-address=0.0.0.0 --init-file="$init"
