// Runs once, when MongoDB's data volume is created (docker-entrypoint-initdb.d), as the root
// user: each service gets a user of its own that may read and write its own database only.
// The passwords come from the container's environment (docker-compose.yml), never this file.
for (const service of ["registration", "judging", "notifications"]) {
  const variable = `MONGODB_${service.toUpperCase()}_PASSWORD`;
  const password = process.env[variable];
  if (!password) {
    throw new Error(`${variable} is not set`);
  }
  db.getSiblingDB(service).createUser({
    user: service,
    pwd: password,
    roles: [{ role: "readWrite", db: service }],
  });
}
