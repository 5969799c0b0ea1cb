'use server';
import { probe } from '../probe.js';

export async function runProbe() {
  return probe();
}
