import type { TestProject } from 'vitest/node';
import './provided.js';
import { startTestDatabaseServer } from './test-database-server.js';

export default async function setup(project: TestProject) {
  const server = await startTestDatabaseServer();
  project.provide('mongoUri', server.uri);
  return () => server.stop();
}
