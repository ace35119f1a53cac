import { contextOf, processXml } from '../rule-context.fixture';
import { ClassNotFoundRule } from './class-not-found.rule';

const sut = new ClassNotFoundRule();

describe('ClassNotFoundRule', () => {
  it('points at camunda:class in the model and sketches the delegate in its package', () => {
    const xml = processXml('<bpmn:serviceTask id="ship" camunda:class="com.example.Missing" />');
    const verdict = sut.evaluate(
      contextOf(
        {
          message:
            "ENGINE-09008 Exception while instantiating class 'com.example.Missing': ENGINE-09017 Cannot load class 'com.example.Missing': com.example.Missing",
          activityId: 'ship',
        },
        xml,
      ),
    );

    expect(verdict).toMatchObject({
      family: 'class-not-found',
      snippet: {
        code: expect.stringMatching(
          /^package com\.example;[\s\S]*public class Missing implements JavaDelegate/,
        ),
      },
    });
    expect(verdict!.evidence).toContainEqual(
      expect.objectContaining({
        source: 'model',
        excerpt: 'serviceTask "ship" camunda:class: com.example.Missing',
      }),
    );
  });

  it('reads a missing dependency from NoClassDefFoundError with slashes', () => {
    expect(
      sut.evaluate(
        contextOf({ message: 'java.lang.NoClassDefFoundError: org/apache/commons/lang3/StringUtils' }),
      ),
    ).toMatchObject({
      rootCause: expect.stringContaining('org.apache.commons.lang3.StringUtils'),
    });
  });
});
